// Teams end to end (issue #11 §1): a team admin creates a team, registers an application into it
// and invites a developer and a viewer by email (real mail); the developer accepts and rotates the
// team's secret; the viewer sees no rotate button and a forged rotate action is refused (403);
// once removed, the viewer gets a 404 for the same page. Each person in their own browser context.
import fs from "node:fs";
import path from "node:path";
import { test, expect, type Browser, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { extractCredentials, extractLink, waitForMail } from "../support/mail";
import { requestToken } from "../support/oauth";
import { screenshot } from "../support/screenshots";

/** The id of a server action in this build (the server-reference manifest), as the browser's JavaScript uses it. */
function actionId(filename: string, exportedName: string): string {
  const file = path.resolve(process.env.NEXT_DIST_DIR || ".next-e2e", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const found = Object.entries(manifest.node).find(([, a]) => a.filename === filename && a.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in ${filename}`);
  return found[0];
}

/** Call a form action directly, with the page's cookies, as a hand-crafted request would. */
async function forgeFormAction(page: Page, pagePath: string, id: string, fields: Record<string, string>): Promise<string> {
  // React's encodeReply: the FormData argument's fields as "_1_<field>", then part "0" (the argument
  // list) last. A FormData keeps that order (an object would put the integer-like "0" first).
  const multipart = new FormData();
  for (const [k, v] of Object.entries(fields)) multipart.append(`_1_${k}`, v);
  multipart.append("0", JSON.stringify([{}, "$K1"]));
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(pagePath, { headers: { "Next-Action": id, Accept: "text/x-component", Origin: origin }, multipart });
  return res.text();
}

async function personIn(browser: Browser, email: string, returnTo: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, returnTo);
  return page;
}

/** Open the invitation mail's link (signed in as its addressee) and accept it. */
async function acceptInvitation(browser: Browser, email: string, teamName: string, since: number): Promise<Page> {
  const mail = await waitForMail(email, `Join ${teamName} on Keyport`, { since });
  const link = new URL(extractLink(mail, /\/invitations\/kpi_/));
  const page = await personIn(browser, email, link.pathname);
  await page.goto(link.pathname);
  await expect(page.getByRole("heading", { level: 1, name: `Join ${teamName}` })).toBeVisible();
  await page.getByRole("button", { name: `Accept and join ${teamName}` }).click();
  await expect(page.getByText(`Welcome to ${teamName}.`)).toBeVisible();
  return page;
}

test("a team admin invites a developer who rotates the team's secret; a viewer cannot; a removed member gets 404", async ({ page, browser, request }, testInfo) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36);
  const admin = uniqueEmail("team-admin");
  const developer = uniqueEmail("team-dev");
  const viewer = uniqueEmail("team-viewer");
  const teamName = `Payments ${tag}`;
  const slug = `payments-${tag}`;
  const appName = `Ledger sync ${tag}`;

  // The admin creates the team and registers an application into it.
  await signIn(page, admin, "/teams");
  await page.goto("/teams");
  await page.getByLabel("Name").fill(teamName);
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: teamName })).toBeVisible();
  await expect(page.getByTestId("my-role")).toHaveText("admin");
  await page.getByRole("link", { name: "Register an application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Register an application" })).toBeVisible();
  await expect(page.getByLabel("Team", { exact: true })).toHaveValue(slug);
  await page.getByLabel("Application name").fill(appName);
  await page.getByRole("checkbox", { name: /application\.client/ }).check();
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("heading", { name: `${appName} is registered` })).toBeVisible();
  const clientId = (await page.getByTestId("client-id").textContent())!.trim();
  await page.getByRole("link", { name: "Go to the application" }).click();
  await expect(page.getByTestId("app-team")).toContainText(teamName);
  const appPath = new URL(page.url()).pathname;

  // Invitations by email.
  const since = Date.now() - 1000;
  await page.goto(`/teams/${slug}`);
  for (const [email, role] of [
    [developer, "developer"],
    [viewer, "viewer"],
  ] as const) {
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption(role);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(`Invitation for ${email} (${role})`)).toBeVisible();
  }
  await expect(page.getByTestId(`invitation-${developer}`)).toBeVisible();
  await screenshot(page, testInfo, "team");

  // The developer accepts and rotates; the new secret arrives by mail and works.
  const dev = await acceptInvitation(browser, developer, teamName, since);
  await expect(dev.getByTestId("my-role")).toHaveText("developer");
  await dev.goto(appPath);
  const rotatedSince = Date.now() - 1000;
  await dev.getByLabel("Current secret stops working").selectOption("1h");
  await dev.getByRole("button", { name: "Rotate secret" }).click();
  await expect(dev.getByText("The previous secret keeps working until")).toBeVisible();
  const newSecret = (await dev.getByTestId("client-secret").textContent())!.trim();
  expect((await requestToken(request, clientId, newSecret)).status).toBe(200);
  for (const to of [admin, developer]) {
    const mail = await waitForMail(to, `New client secret for ${appName}`, { since: rotatedSince });
    expect(extractCredentials(mail).clientSecret).toBe(newSecret);
  }

  // The viewer sees the application but no rotate or revoke controls; a forged call is refused.
  const view = await acceptInvitation(browser, viewer, teamName, since);
  await view.goto(appPath);
  await expect(view.getByRole("heading", { level: 1, name: appName })).toBeVisible();
  await expect(view.getByTestId("read-only-note")).toBeVisible();
  await expect(view.getByRole("button", { name: "Rotate secret" })).toHaveCount(0);
  await expect(view.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  await expect(view.getByRole("heading", { name: "Delete this application" })).toHaveCount(0);
  const rows = await view.getByTestId(/^secret-/).count();
  const appId = appPath.split("/").pop()!;
  const forged = await forgeFormAction(view, appPath, actionId("app/apps/actions.ts", "rotateSecretAction"), { appId, grace: "now" });
  expect(forged).toContain('"status":403');
  expect(forged).not.toMatch(/kps_/);
  await view.reload();
  await expect(view.getByTestId(/^secret-/)).toHaveCount(rows);
  expect((await requestToken(request, clientId, newSecret)).status, "the forged rotation changed nothing").toBe(200);

  // The admin removes the viewer: their next request for the same page is a 404.
  await page.reload();
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId(`member-${viewer}`).getByRole("button", { name: /Remove/ }).click();
  await expect(page.getByText("The member was removed.")).toBeVisible();
  await expect(page.getByTestId(`member-${viewer}`)).toHaveCount(0);
  const gone = await view.goto(appPath);
  expect(gone?.status()).toBe(404);
  await expect(view.getByRole("button", { name: "Rotate secret" })).toHaveCount(0);

  // The teams pages fit a phone (390 px) and a laptop (1280 px) without sideways scrolling.
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of [`/teams/${slug}`, "/teams", "/apps", `/apps?team=${slug}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at ${width} px`).toBeLessThanOrEqual(0);
    }
    await screenshot(page, testInfo, `teams-${width}`);
  }
});

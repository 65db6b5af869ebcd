// Issue 4 end to end: an owner signs in through the emailed link, registers an application,
// reads the credentials from the captured email, gets tokens, watches usage, rotates and revokes
// secrets; privileged scopes leave an app pending; another owner cannot see it. Every test seeds
// its own user and application.
import { test, expect, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { acceptMailTo, extractCredentials, extractLink, rejectMailTo, waitForMail } from "../support/mail";
import { requestToken } from "../support/oauth";
import { screenshot } from "../support/screenshots";

/** Register through /apps/new; returns the app's page URL and what the page showed once. */
async function registerApp(page: Page, name: string, scopes: string[]) {
  await page.goto("/apps/new");
  await page.getByLabel("Application name").fill(name);
  await page.getByLabel("Description (optional)").fill("Created by the end-to-end tests");
  for (const s of scopes) await page.getByRole("checkbox", { name: new RegExp(s.replace(".", "\\.")) }).check();
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("heading", { name: `${name} is registered` })).toBeVisible();
  const clientId = (await page.getByTestId("client-id").textContent())!.trim();
  const clientSecret = (await page.getByTestId("client-secret").textContent())!.trim();
  expect(clientId).toMatch(/^kp_/);
  expect(clientSecret).toMatch(/^kps_/);
  await page.getByRole("link", { name: "Go to the application" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return { url: page.url(), clientId, clientSecret };
}

test("an owner signs in by email, registers an app, gets a token with the emailed credentials and sees usage go up", async ({ page, request }, testInfo) => {
  const owner = uniqueEmail("owner");
  await page.goto("/");
  await screenshot(page, testInfo, "landing");
  await signIn(page, owner);
  await expect(page.getByRole("heading", { name: "No applications yet" })).toBeVisible();
  await screenshot(page, testInfo, "apps-empty");

  await page.goto("/apps/new");
  await screenshot(page, testInfo, "apps-new");
  const name = `Billing sync ${Date.now().toString(36)}`;
  const since = Date.now() - 1000;
  await page.getByLabel("Application name").fill(name);
  await page.getByRole("checkbox", { name: /application\.client/ }).check();
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("heading", { name: `${name} is registered` })).toBeVisible();
  await expect(page.getByText("you will not see it again")).toBeVisible();
  await screenshot(page, testInfo, "apps-created");
  const shownId = (await page.getByTestId("client-id").textContent())!.trim();

  // The credentials email, as the owner receives it.
  const mail = await waitForMail(owner, `Credentials for ${name}`, { since });
  const { clientId, clientSecret } = extractCredentials(mail);
  expect(clientId).toBe(shownId);
  expect(mail.text).toContain("secret manager");
  expect(mail.text).toContain("/oauth/token");
  expect(mail.html).not.toMatch(/<img|@import|https:\/\/fonts/);
  const mailView = await page.context().newPage();
  await mailView.setContent(mail.html);
  await screenshot(mailView, testInfo, "email-credentials");
  await mailView.close();

  // The secret was shown once: reloading the form does not show it again.
  await page.reload();
  await expect(page.getByTestId("client-secret")).toHaveCount(0);

  const first = await requestToken(request, clientId, clientSecret);
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  expect(first.body.token_type).toBe("Bearer");
  expect(first.body.scope).toBe("application.client");
  expect((await requestToken(request, clientId, clientSecret)).status).toBe(200);

  // Usage counters are flushed every few seconds: poll the list until it shows both tokens.
  await expect(async () => {
    await page.goto("/apps");
    await expect(page.getByTestId(`app-row-${clientId}`).getByTestId("usage-count")).toHaveText("2", { timeout: 1000 });
  }).toPass({ timeout: 30_000, intervals: [1000, 2000] });
  const row = page.getByTestId(`app-row-${clientId}`);
  await expect(row.getByRole("link", { name })).toBeVisible();
  await expect(row.getByText("Active")).toBeVisible();
  await expect(row.getByText("application.client")).toBeVisible();
  await screenshot(page, testInfo, "apps-list");

  await row.getByRole("link", { name }).click();
  await expect(page.getByTestId("usage-30d")).toHaveText("2");
  await expect(page.getByTestId("email-credentials").getByText("Sent")).toBeVisible();
  await screenshot(page, testInfo, "app-detail");

  // Phone width: nothing may overflow sideways (tables scroll inside their own region).
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of [new URL(page.url()).pathname, "/apps", "/apps/new", "/docs", "/"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll<HTMLElement>("body *")]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest(".table-wrap, pre"))
        .slice(0, 4)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      return { by: document.documentElement.scrollWidth - width, wide };
    });
    expect(overflow.by, `horizontal overflow on ${path} at 360 px: ${overflow.wide.join(", ")}`).toBeLessThanOrEqual(0);
  }
  await page.goto("/apps");
  await screenshot(page, testInfo, "apps-list-mobile");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto("/docs");
  await page.getByRole("textbox", { name: "client_id" }).fill(clientId);
  await page.getByRole("textbox", { name: "client_secret" }).fill(clientSecret);
  await page.getByRole("button", { name: "Request a token" }).click();
  await expect(page.getByTestId("try-result")).toContainText("HTTP 200");
  await expect(page.getByTestId("try-result")).toContainText('"token_type": "Bearer"');
  await screenshot(page, testInfo, "docs");
});

test("rotating with a 1 hour grace keeps both secrets working; revoking the old one makes it fail", async ({ page, request }) => {
  const owner = uniqueEmail("rotate");
  await signIn(page, owner);
  const app = await registerApp(page, `Rotation ${Date.now().toString(36)}`, ["application.client"]);
  expect((await requestToken(request, app.clientId, app.clientSecret)).status).toBe(200);

  const since = Date.now() - 1000;
  await page.getByLabel("Current secret stops working").selectOption("1h");
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await expect(page.getByText("The previous secret keeps working until")).toBeVisible();
  const newSecret = (await page.getByTestId("client-secret").textContent())!.trim();
  expect(newSecret).not.toBe(app.clientSecret);
  const mail = await waitForMail(owner, /New client secret for/, { since });
  expect(extractCredentials(mail).clientSecret).toBe(newSecret);

  expect((await requestToken(request, app.clientId, app.clientSecret)).status, "old secret during its grace").toBe(200);
  expect((await requestToken(request, app.clientId, newSecret)).status, "new secret").toBe(200);

  // Revoke the old secret (the one listed as expiring).
  await page.reload();
  const oldHint = app.clientSecret.slice(-4);
  await page.getByTestId(`secret-${oldHint}`).getByRole("button", { name: /Revoke/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke secret" }).click();
  await expect(page.getByTestId(`secret-${oldHint}`).getByText("Revoked")).toBeVisible();

  await expect(async () => {
    const r = await requestToken(request, app.clientId, app.clientSecret);
    expect(r.status).toBe(401);
    expect(r.body.error).toBe("invalid_client");
  }).toPass({ timeout: 10_000 });
  expect((await requestToken(request, app.clientId, newSecret)).status).toBe(200);
});

test("registering with domain.manage leaves the app pending approval", async ({ page, request }, testInfo) => {
  const owner = uniqueEmail("pending");
  await signIn(page, owner);
  await page.goto("/apps/new");
  await expect(page.getByRole("checkbox", { name: /domain\.manage/ })).toBeVisible();
  await expect(page.locator("label.choice", { hasText: "domain.manage" }).getByText("needs approval")).toBeVisible();
  const name = `Domain cleaner ${Date.now().toString(36)}`;
  const app = await registerApp(page, name, ["domain.manage"]);
  await expect(page.locator(".page-head").getByText("Pending approval")).toBeVisible();
  await expect(page.getByText("Waiting for an administrator's approval")).toBeVisible();
  await screenshot(page, testInfo, "app-pending");
  await page.goto("/apps");
  await expect(page.getByTestId(`app-row-${app.clientId}`).getByText("Pending approval")).toBeVisible();
  // Not usable until approved.
  const r = await requestToken(request, app.clientId, app.clientSecret);
  expect(r.status).toBe(401);
  expect(r.body.error).toBe("invalid_client");

  // Delete it: the button stays disabled until the exact name is typed.
  await page.getByTestId(`app-row-${app.clientId}`).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const del = page.getByRole("button", { name: "Delete application" });
  await expect(del).toBeDisabled();
  await page.getByLabel(/to confirm/).fill(name);
  await del.click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete application" }).click();
  await expect(page).toHaveURL(/\/apps\?deleted=1/);
  await expect(page.getByText("Application deleted")).toBeVisible();
  await expect(page.getByTestId(`app-row-${app.clientId}`)).toHaveCount(0);
  expect((await page.goto(new URL(app.url).pathname))?.status()).toBe(404);
});

test("registration errors are shown next to their fields", async ({ page }) => {
  await signIn(page, uniqueEmail("invalid"));
  await page.goto("/apps/new");
  // The catalog's default scope comes ticked (issue #12 item 12): untick it to leave none.
  await page.getByRole("checkbox", { name: /application\.client/ }).uncheck();
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.locator("#name-error")).toHaveText("Name is required");
  await expect(page.getByLabel("Application name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#scopes-error")).toHaveText("Choose at least one scope");
  await expect(page.getByRole("heading", { name: /is registered/ })).toHaveCount(0);
});

test("another owner gets a 404 for the first owner's application", async ({ browser }) => {
  const alice = await browser.newPage();
  await signIn(alice, uniqueEmail("alice"));
  const app = await registerApp(alice, `Alice private ${Date.now().toString(36)}`, ["application.client"]);
  const appPath = new URL(app.url).pathname;

  const bob = await browser.newPage();
  await signIn(bob, uniqueEmail("bob"));
  const res = await bob.goto(appPath);
  expect(res?.status()).toBe(404);
  await expect(bob.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(bob.getByText(app.clientId)).toHaveCount(0);
  // Also by client_id, the other identifier AppRef accepts.
  expect((await bob.goto(`/apps/${app.clientId}`))?.status()).toBe(404);
  await alice.close();
  await bob.close();
});

test("a sign-in link works once: reusing it shows a clear page", async ({ page }) => {
  const owner = uniqueEmail("reuse");
  const since = Date.now() - 1000;
  await page.goto("/signin");
  await page.getByLabel("Work email").fill(owner);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  const link = extractLink(await waitForMail(owner, /Sign in to Keyport/, { since }), /\/api\/auth\/callback\//);
  await page.goto(link);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This sign-in link has expired or was already used" })).toBeVisible();
});

test("when the credentials email cannot be delivered the owner sees it and resends it with a new secret", async ({ page, request }) => {
  const owner = uniqueEmail("outage");
  await signIn(page, owner);
  rejectMailTo(owner);
  const name = `Outage ${Date.now().toString(36)}`;
  let app: Awaited<ReturnType<typeof registerApp>>;
  try {
    await page.goto("/apps/new");
    await page.getByLabel("Application name").fill(name);
    await page.getByRole("checkbox", { name: /application\.client/ }).check();
    await page.getByRole("button", { name: "Register application" }).click();
    await expect(page.getByTestId("mail-status")).toContainText("queued");
    const clientId = (await page.getByTestId("client-id").textContent())!.trim();
    const clientSecret = (await page.getByTestId("client-secret").textContent())!.trim();
    app = { clientId, clientSecret, url: "" };
    await page.getByRole("link", { name: "Go to the application" }).click();
    const row = page.getByTestId("email-credentials").first();
    await expect(row.getByText("Pending")).toBeVisible();
    await expect(row.getByText("Mail server answered 450")).toBeVisible();
  } finally {
    acceptMailTo(owner);
  }
  expect((await requestToken(request, app.clientId, app.clientSecret)).status, "the on-screen secret works meanwhile").toBe(200);

  const since = Date.now() - 1000;
  await page.getByRole("button", { name: "Resend with a new secret" }).click();
  // The old secret stops at once ("Old secret stops now", the default): a dialog says so first.
  await page.getByRole("dialog").getByRole("button", { name: "Issue a new secret now" }).click();
  await expect(page.getByText("A new secret was issued and emailed to you.")).toBeVisible();
  await expect(page.getByTestId("email-credentials").first().getByText("Sent")).toBeVisible();
  const mail = await waitForMail(owner, `New credentials for ${name}`, { since });
  const { clientId, clientSecret } = extractCredentials(mail);
  expect(clientId).toBe(app.clientId);
  expect(clientSecret).not.toBe(app.clientSecret);
  // The undelivered secret was never sent and no longer works; the new one does.
  const old = await requestToken(request, app.clientId, app.clientSecret);
  expect(old.status).toBe(401);
  expect(old.body.error).toBe("invalid_client");
  expect((await requestToken(request, clientId, clientSecret)).status).toBe(200);
});

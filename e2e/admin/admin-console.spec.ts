// Issue 5 end to end, in Debian Chromium against the production server: an admin finds, disables,
// approves, rotates, extends the catalog and exports the audit log; owners get the emails; a
// non-admin sees nothing of /admin. The tests run in order: the export checks the earlier events.
import { test, expect, type Page, type APIRequestContext } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { extractCredentials, waitForMail } from "../support/mail";
import { E2E_ADMIN_EMAIL as ADMIN } from "../support/env";
import { screenshot } from "../support/screenshots";
import { allowIntrospectionWithCli, createAppWithCli, introspect, requestToken, type CreatedApp } from "./oauth-client";
import { listAdminActions } from "./admin-actions";

const run = Date.now().toString(36);
const ownerEmail = (tag: string) => uniqueEmail(`owner-${tag}`);

function signInAdmin(page: Page) {
  return signIn(page, ADMIN, "/admin");
}

test.describe.configure({ mode: "serial" });

/** Client ids touched by the tests, checked in the CSV export at the end. */
const touched: Record<string, string> = {};

async function openAppByClientId(page: Page, clientId: string) {
  await page.goto("/admin/apps");
  await page.getByRole("searchbox", { name: "Search" }).fill(clientId);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${clientId}`));
  const rows = page.getByRole("region", { name: "Applications" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole("link").click();
  await expect(page.getByTestId("client-id")).toHaveText(clientId);
}

async function tokenOrFail(request: APIRequestContext, app: CreatedApp) {
  const r = await requestToken(request, app.client_id, app.client_secret);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.access_token!;
}

test("an admin finds an app by client_id and disables it: tokens are refused and issued ones turn inactive", async ({ page, request }, testInfo) => {
  const owner = ownerEmail("disable");
  const since = Date.now() - 1000;
  const app = createAppWithCli(`Disable me ${run}`, owner, "application.client");
  // A second client plays the resource server that introspects tokens.
  const resourceServer = createAppWithCli(`Resource server ${run}`, ownerEmail("rs"), "application.client");
  const rsCreds = { clientId: resourceServer.client_id, clientSecret: resourceServer.client_secret };
  // Only a registered resource server of the token's audience may introspect it (RFC 7662 §2.1).
  allowIntrospectionWithCli("urn:keyport:api", resourceServer.client_id);
  const issued = await tokenOrFail(request, app);
  expect((await introspect(request, issued, rsCreds)).body.active).toBe(true);

  await signInAdmin(page);
  await expect(page.getByRole("heading", { name: "Admin overview" })).toBeVisible();
  await screenshot(page, testInfo, "admin-overview");
  await openAppByClientId(page, app.client_id);
  await screenshot(page, testInfo, "admin-app");
  await page.getByLabel("Reason (sent to the owner)").fill("Secret found in a public repository");
  await page.getByRole("button", { name: "Disable application" }).click();
  // Disabling breaks the app's clients: a dialog says so and asks first.
  await expect(page.getByRole("dialog")).toContainText("refuses the application");
  await page.getByRole("dialog").getByRole("button", { name: "Disable application" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is disabled" })).toBeVisible();
  await expect(page.locator(".page-head").getByText("Disabled")).toBeVisible();

  const refused = await requestToken(request, app.client_id, app.client_secret);
  expect(refused.status).toBe(401);
  expect(refused.body.error).toBe("invalid_client");
  const after = await introspect(request, issued, rsCreds);
  expect(after.status).toBe(200);
  expect(after.body).toEqual({ active: false });

  const mail = await waitForMail(owner, /is disabled/, { since });
  expect(mail.text).toContain("Secret found in a public repository");
  touched.disabled = app.client_id;
});

test("an admin approves a pending domain.manage app and its owner is emailed", async ({ browser, page }, testInfo) => {
  const owner = ownerEmail("approve");
  const name = `Domain cleaner ${run}`;
  // The owner registers through the portal and asks for a scope that needs approval.
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner);
  await ownerPage.goto("/apps/new");
  await ownerPage.getByLabel("Application name").fill(name);
  await ownerPage.getByRole("checkbox", { name: /domain\.manage/ }).check();
  await ownerPage.getByRole("button", { name: "Register application" }).click();
  await expect(ownerPage.getByRole("heading", { name: `${name} is registered` })).toBeVisible();
  await ownerContext.close();
  const since = Date.now() - 1000;

  await signInAdmin(page);
  await page.goto("/admin/approvals");
  const card = page.locator("section.card", { hasText: name });
  await expect(card).toBeVisible();
  await screenshot(page, testInfo, "admin-approvals");
  const clientId = await card.getByTestId("pending-app").getAttribute("data-client-id");
  await card.getByLabel("Note to the owner (optional)").fill("Approved for the cleanup project");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is approved" })).toBeVisible();
  await page.goto(`/admin/apps?q=${clientId}`);
  await expect(page.getByRole("region", { name: "Applications" }).locator("tbody tr").first()).toContainText("Active");

  const mail = await waitForMail(owner, `${name} is approved`, { since });
  expect(mail.text).toContain("Approved for the cleanup project");
  touched.approved = clientId!;
});

test("an admin rotates a secret: only the owner receives it, and it works at /oauth/token; revoking the old one ends its grace", async ({ page, request }, testInfo) => {
  const owner = ownerEmail("rotate");
  const name = `Rotate me ${run}`;
  const app = createAppWithCli(name, owner, "application.client");
  await signInAdmin(page);
  const since = Date.now() - 1000;
  await openAppByClientId(page, app.client_id);
  await page.getByLabel("Old secrets keep working for").selectOption("1h");
  await page.getByRole("button", { name: "Rotate and email owner" }).click();
  const notice = page.getByRole("status").filter({ hasText: "emailed to" });
  await expect(notice).toContainText(owner);
  await expect(notice).toContainText("Previous secrets keep working until");

  const mail = await waitForMail(owner, `New client secret for ${name}`, { since });
  const { clientId: mailedId, clientSecret: secret } = extractCredentials(mail);
  expect(mailedId).toBe(app.client_id);
  expect(secret).not.toBe(app.client_secret);
  // Never shown to the admin.
  expect(await page.content()).not.toContain(secret);
  await screenshot(page, testInfo, "admin-app-rotated");

  const fresh = await requestToken(request, app.client_id, secret);
  expect(fresh.status).toBe(200);
  expect(fresh.body.access_token).toBeTruthy();
  // Within the 1 h grace the old secret still works ...
  expect((await requestToken(request, app.client_id, app.client_secret)).status).toBe(200);

  // ... until the admin revokes it.
  const oldRow = page.getByRole("region", { name: "Client secrets" }).locator("tbody tr", { hasText: `…${app.client_secret.slice(-4)}` });
  await oldRow.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke secret" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Secret revoked" })).toBeVisible();
  await expect(oldRow).toContainText("Revoked");
  expect((await requestToken(request, app.client_id, app.client_secret)).body.error).toBe("invalid_client");
  expect((await requestToken(request, app.client_id, secret)).status).toBe(200);
  touched.rotated = app.client_id;
});

test("an admin creates a scope and an owner can pick it when registering; once retired it is gone", async ({ browser, page, request }, testInfo) => {
  const scope = `reports.read.${run}`;
  await signInAdmin(page);
  await page.goto("/admin/scopes");
  await page.getByLabel("Name", { exact: true }).fill(scope);
  await page.getByLabel("Description (shown to owners)").fill("Read monthly reports");
  await page.getByRole("button", { name: "Create scope" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Scope ${scope} created` })).toBeVisible();
  await expect(page.locator(`tr[data-scope="${scope}"]`)).toBeVisible();
  await screenshot(page, testInfo, "admin-scopes");

  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, ownerEmail("scope"));
  await ownerPage.goto("/apps/new");
  const box = ownerPage.getByRole("checkbox", { name: new RegExp(scope.replaceAll(".", "\\.")) });
  await expect(box).toBeVisible();
  await box.check();
  const name = `Reports reader ${run}`;
  await ownerPage.getByLabel("Application name").fill(name);
  await ownerPage.getByRole("button", { name: "Register application" }).click();
  await expect(ownerPage.getByRole("heading", { name: `${name} is registered` })).toBeVisible();
  const created = { clientId: (await ownerPage.getByTestId("client-id").textContent())!.trim(), clientSecret: (await ownerPage.getByTestId("client-secret").textContent())!.trim() };
  // The new scope is really granted: a token can be requested with it.
  const token = await requestToken(request, created.clientId, created.clientSecret);
  expect(token.status).toBe(200);
  expect(token.body.scope).toContain(scope);

  // Retiring it: the admin first sees who holds it, then it can no longer be requested.
  await page.goto(`/admin/scopes?scope=${encodeURIComponent(scope)}`);
  await expect(page.getByRole("region", { name: `Applications holding the scope ${scope}` })).toContainText(name);
  await page.getByRole("button", { name: "Retire scope (1 existing grant)" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Scope ${scope} retired` })).toBeVisible();
  await ownerPage.goto("/apps/new");
  await expect(ownerPage.getByRole("checkbox", { name: /application\.client/ })).toBeVisible();
  await expect(ownerPage.getByRole("checkbox", { name: new RegExp(scope.replaceAll(".", "\\.")) })).toHaveCount(0);
  await ownerContext.close();
  touched.scope = scope;
});

test("the audit log exports as CSV containing those events", async ({ page }, testInfo) => {
  await signInAdmin(page);
  await page.goto("/admin/audit");
  await screenshot(page, testInfo, "admin-audit");
  await page.getByLabel("Actor email").fill(ADMIN);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("region", { name: "Audit events" })).toContainText("app.disable");

  const download = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const file = await download;
  const csv = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe("id,at,actor_type,actor_id,actor_email,action,target_type,target_id,application_id,ip,user_agent,details");
  for (const action of ["app.disable", "app.approve", "secret.rotate", "secret.revoke", "scope.create", "scope.retire"]) {
    expect(lines.some((l) => l.includes(`,${ADMIN},${action},`)), `${action} in the CSV`).toBe(true);
  }
  expect(csv).toContain(touched.scope!);
});

test("a non-admin gets 404 on every /admin URL, every admin action and the CSV route", async ({ page, request }) => {
  const pages = ["/admin", "/admin/apps", "/admin/apps/x", "/admin/approvals", "/admin/scopes", "/admin/audiences", "/admin/keys", "/admin/audit", "/admin/audit/export"];
  // Signed out.
  for (const url of pages) expect((await request.get(url)).status(), `anonymous ${url}`).toBe(404);

  await signIn(page, ownerEmail("nosy"));
  for (const url of pages) {
    const res = await page.request.get(url);
    expect(res.status(), `non-admin ${url}`).toBe(404);
  }
  await page.goto("/admin");
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);

  const actions = listAdminActions();
  expect(actions.length).toBeGreaterThanOrEqual(10);
  const call = (req: APIRequestContext, a: (typeof actions)[number]) =>
    req.post(a.url, {
      headers: { "Next-Action": a.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
      data: JSON.stringify(["does-not-exist", "disable", {}, {}]),
    });
  for (const a of actions) {
    expect((await call(page.request, a)).status(), `non-admin POST ${a.name} (${a.file})`).toBe(404);
    expect((await call(request, a)).status(), `anonymous POST ${a.name} (${a.file})`).toBe(404);
  }

  // Control: the same hand-made call reaches the action for an admin (so the 404s above are the guard).
  const adminContext = await page.context().browser()!.newContext();
  const adminPage = await adminContext.newPage();
  await signInAdmin(adminPage);
  const changeStatus = actions.find((a) => a.name === "changeStatusAction")!;
  const res = await call(adminPage.request, changeStatus);
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("Application not found");
  await adminContext.close();
});

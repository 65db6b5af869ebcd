// Issue #10 §2 in the admin console, in Debian Chromium against the production server: the
// refresh-token setting of an application says why it is off by default (RFC 6749 §4.4.3); turned
// on with a lifetime, the token endpoint issues refresh tokens that work once with that lifetime;
// turned off, it issues none. The card works at 390 px too.
import { test, expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { E2E_ADMIN_EMAIL as ADMIN } from "../support/env";
import { expectNoHorizontalOverflow, expectSoundStructure } from "../support/page-checks";
import { basicAuth, createAppWithCli, type CreatedApp } from "./oauth-client";

const run = Date.now().toString(36);

async function token(request: APIRequestContext, app: CreatedApp, form: Record<string, string>) {
  const res = await request.post("/oauth/token", { headers: { authorization: basicAuth(app.client_id, app.client_secret) }, form });
  return { status: res.status(), body: (await res.json()) as Record<string, unknown> };
}

async function openApp(page: Page, clientId: string) {
  await page.goto("/admin/apps");
  await page.getByRole("searchbox", { name: "Search" }).fill(clientId);
  await page.getByRole("button", { name: "Search" }).click();
  const rows = page.getByRole("region", { name: "Applications" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole("link").click();
  await expect(page.getByTestId("client-id")).toHaveText(clientId);
}

/** The card alone, attached to the report. */
async function cardShot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.getByRole("region", { name: "Refresh tokens" }).screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

test("an admin turns refresh tokens on with a lifetime, then off again", async ({ page, request }, testInfo) => {
  const app = createAppWithCli(`Legacy integration ${run}`, uniqueEmail("refresh-owner"), "application.client");
  const before = await token(request, app, { grant_type: "client_credentials" });
  expect(before.status).toBe(200);
  expect(before.body.refresh_token).toBeUndefined();

  await signIn(page, ADMIN, "/admin");
  await openApp(page, app.client_id);
  const form = page.getByRole("form", { name: "Refresh tokens" });
  await expect(page.getByTestId("refresh-tokens")).toHaveText("Off.");
  await expect(page.getByText("RFC 6749 §4.4.3 says a refresh token SHOULD NOT be issued for client credentials")).toBeVisible();
  const toggle = form.getByRole("checkbox", { name: "Issue refresh tokens" });
  await expect(toggle).not.toBeChecked();
  const lifetime = form.getByLabel("Refresh-token lifetime");
  await expect(lifetime).toHaveValue("1d");

  // A lifetime outside 5 minutes … 90 days is refused with the rule, nothing changes.
  await toggle.check();
  await lifetime.fill("365d");
  await form.getByRole("button", { name: "Save refresh-token setting" }).click();
  await expect(form.getByText("At most 90 days")).toBeVisible();
  await expect(toggle, "a refused save keeps what the admin entered").toBeChecked();
  await expect(lifetime).toHaveValue("365d");
  await cardShot(page, testInfo, "refresh-card-refused");
  expect((await token(request, app, { grant_type: "client_credentials" })).body.refresh_token).toBeUndefined();

  await lifetime.fill("2h");
  await form.getByRole("button", { name: "Save refresh-token setting" }).click();
  await expect(form.getByRole("status")).toContainText("each lives 2 hours and works once");
  await page.reload();
  await expect(page.getByTestId("refresh-tokens")).toHaveText("On: each refresh token lives 2 hours and works once.");
  await expect(page.getByRole("form", { name: "Refresh tokens" }).getByRole("checkbox", { name: "Issue refresh tokens" })).toBeChecked();

  // The token endpoint follows at once: a refresh token with that lifetime, usable once.
  const granted = await token(request, app, { grant_type: "client_credentials" });
  expect(granted.status).toBe(200);
  const refreshToken = granted.body.refresh_token as string;
  expect(refreshToken).toMatch(/^krt_/);
  const introspected = await request.post("/oauth/introspect", { headers: { authorization: basicAuth(app.client_id, app.client_secret) }, form: { token: refreshToken } });
  const claims = (await introspected.json()) as { active: boolean; exp: number; iat: number; token_type: string };
  expect(claims.active).toBe(true);
  expect(claims.token_type).toBe("refresh_token");
  expect(claims.exp - claims.iat).toBe(7200);
  const rotated = await token(request, app, { grant_type: "refresh_token", refresh_token: refreshToken });
  expect(rotated.status).toBe(200);
  expect(rotated.body.refresh_token).toMatch(/^krt_/);
  const replay = await token(request, app, { grant_type: "refresh_token", refresh_token: refreshToken });
  expect(replay.status).toBe(400);
  expect(replay.body.error).toBe("invalid_grant");

  // The change is in the application's recent activity.
  await page.reload();
  await expect(page.getByRole("region", { name: "Recent audit events" }).getByText("app.refresh_tokens", { exact: true })).toBeVisible();

  // At 390 px the card stays inside the viewport.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalOverflow(page);
  await expectSoundStructure(page);
  await cardShot(page, testInfo, "refresh-card-390");
  await page.setViewportSize({ width: 1280, height: 900 });

  const off = page.getByRole("form", { name: "Refresh tokens" });
  await off.getByRole("checkbox", { name: "Issue refresh tokens" }).uncheck();
  await off.getByRole("button", { name: "Save refresh-token setting" }).click();
  await off.getByRole("dialog").getByRole("button", { name: "Turn refresh tokens off" }).click();
  await expect(off.getByRole("status")).toContainText("gets no refresh tokens; those already issued are refused");
  const after = await token(request, app, { grant_type: "client_credentials" });
  expect(after.body.refresh_token).toBeUndefined();
  const refused = await token(request, app, { grant_type: "refresh_token", refresh_token: rotated.body.refresh_token as string });
  expect(refused.status).toBe(400);
  expect(refused.body.error).toBe("unauthorized_client");
});

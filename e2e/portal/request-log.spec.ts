// Issue #11 §4 in Chromium: an owner gets tokens and makes failed requests with their app's
// client_id, opens the app's token requests from its page, sees each request with its outcome,
// error code, source address, authentication method, scope and profile, and filters by outcome.
// Someone outside the app's team gets a 404. Every test seeds its own user and application.
import { test, expect, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { requestToken } from "../support/oauth";
import { screenshot } from "../support/screenshots";
import { E2E_ADMIN_EMAIL } from "../support/env";

async function registerApp(page: Page, name: string) {
  await page.goto("/apps/new");
  await page.getByLabel("Application name").fill(name);
  await page.getByRole("checkbox", { name: /application\.client/ }).check();
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("heading", { name: `${name} is registered` })).toBeVisible();
  const clientId = (await page.getByTestId("client-id").textContent())!.trim();
  const clientSecret = (await page.getByTestId("client-secret").textContent())!.trim();
  await page.getByRole("link", { name: "Go to the application" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return { url: page.url(), clientId, clientSecret };
}

test("the owner sees their app's token requests and filters them by outcome", async ({ page, request, browser }, testInfo) => {
  await signIn(page, uniqueEmail("reqlog"));
  const name = `Request log ${Date.now().toString(36)}`;
  const app = await registerApp(page, name);

  expect((await requestToken(request, app.clientId, app.clientSecret)).status).toBe(200);
  expect((await requestToken(request, app.clientId, app.clientSecret)).status).toBe(200);
  const badScope = await requestToken(request, app.clientId, app.clientSecret, "payments.admin");
  expect(badScope.status).toBe(400);
  expect(badScope.body.error).toBe("invalid_scope");
  const wrongSecret = await requestToken(request, app.clientId, "kps_not_the_secret");
  expect(wrongSecret.status).toBe(401);

  await page.getByRole("link", { name: "Token requests →" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Token requests" })).toBeVisible();
  await expect(page.getByRole("link", { name })).toBeVisible();
  const rows = page.getByTestId("request-row");
  // The log is written every few seconds: reload until all four requests are there.
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(4, { timeout: 1000 });
  }).toPass({ timeout: 30_000, intervals: [1000, 2000] });

  // Newest first: the wrong secret, the bad scope, then the two tokens.
  await expect(rows.nth(0)).toHaveAttribute("data-outcome", "failed");
  await expect(rows.nth(0).getByRole("cell").nth(2)).toHaveText("invalid_client");
  await expect(rows.nth(1).getByRole("cell").nth(2)).toHaveText("invalid_scope");
  await expect(rows.nth(1).getByRole("cell").nth(5)).toHaveText("payments.admin");
  for (const i of [2, 3]) {
    const row = rows.nth(i);
    await expect(row).toHaveAttribute("data-outcome", "issued");
    await expect(row.getByText("Issued")).toBeVisible();
    await expect(row.getByRole("cell").nth(2)).toHaveText("—");
    await expect(row.getByRole("cell").nth(5)).toHaveText("application.client");
  }
  for (const i of [0, 1, 2, 3]) {
    const row = rows.nth(i);
    await expect(row.getByRole("cell").nth(0)).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await expect(row.getByRole("cell").nth(3)).toHaveText(/127\.0\.0\.1|::1/);
    await expect(row.getByRole("cell").nth(4)).toHaveText("Secret (HTTP Basic)");
    await expect(row.getByRole("cell").nth(6)).toHaveText("rfc6749");
  }
  const filter = page.getByRole("navigation", { name: "Filter by outcome" });
  await expect(filter.getByRole("link", { name: "All" })).toHaveAttribute("aria-current", "page");
  await screenshot(page, testInfo, "app-requests");

  await filter.getByRole("link", { name: "Failed" }).click();
  await expect(page).toHaveURL(/\/requests\?outcome=failed$/);
  await expect(filter.getByRole("link", { name: "Failed" })).toHaveAttribute("aria-current", "page");
  await expect(rows).toHaveCount(2);
  for (const i of [0, 1]) await expect(rows.nth(i)).toHaveAttribute("data-outcome", "failed");

  await filter.getByRole("link", { name: "Issued" }).click();
  await expect(page).toHaveURL(/\/requests\?outcome=issued$/);
  await expect(rows).toHaveCount(2);
  for (const i of [0, 1]) await expect(rows.nth(i)).toHaveAttribute("data-outcome", "issued");

  // A made-up filter is refused with a message, not an error page.
  const bogus = await page.goto(`${new URL(app.url).pathname}/requests?outcome=everything`);
  expect(bogus?.status()).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "Outcome must be all, issued or failed" })).toBeVisible();
  await expect(rows).toHaveCount(0);

  // Readable on a phone: one card per request, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${new URL(app.url).pathname}/requests`);
  await expect(rows).toHaveCount(4);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, testInfo, "app-requests-390");

  // Someone outside the app's team: 404, by id and by client_id.
  const other = await browser.newPage();
  await signIn(other, uniqueEmail("outsider"));
  const res = await other.goto(`${new URL(app.url).pathname}/requests`);
  expect(res?.status()).toBe(404);
  await expect(other.getByText(app.clientId)).toHaveCount(0);
  expect((await other.goto(`/apps/${app.clientId}/requests`))?.status()).toBe(404);
  expect((await other.goto(`/admin/apps/${app.clientId}/requests`))?.status()).toBe(404);
  await other.close();

  // An admin reaches the same log from the admin console.
  const admin = await browser.newPage();
  await signIn(admin, E2E_ADMIN_EMAIL, "/admin");
  await admin.goto(`/admin/apps/${encodeURIComponent(app.clientId)}`);
  await admin.getByRole("link", { name: "Token requests →" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Token requests" })).toBeVisible();
  await expect(admin.getByTestId("request-row")).toHaveCount(4);
  await admin.getByRole("navigation", { name: "Filter by outcome" }).getByRole("link", { name: "Failed" }).click();
  await expect(admin.getByTestId("request-row")).toHaveCount(2);
  await admin.close();
});

// /docs/api in a real browser (issue #11 §3): Swagger UI, served by Keyport itself, renders the
// OpenAPI document under the page's nonce CSP without a single violation, and "Try it out" with
// a bearer token entered under Authorize reaches the running server and shows its answer.
import { test, expect } from "@playwright/test";
import { E2E_BASE_URL } from "../support/env";
import { createAppWithCli, requestToken } from "./oauth-client";

test("the API reference renders from /openapi.json and its try-it calls the API with a bearer token", async ({ page, request }) => {
  const violations: string[] = [];
  await page.exposeFunction("__reportCspViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      void (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  const external: string[] = [];
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith("data:") && new URL(url).origin !== new URL(E2E_BASE_URL).origin) external.push(url);
  });

  const app = createAppWithCli(`Terraform ${Date.now()}`, "ops@e2e.test", "keyport:admin keyport:apps:read", "urn:keyport:management");
  const { status, body } = await requestToken(request, app.client_id, app.client_secret);
  expect(status).toBe(200);
  const token = body.access_token!;

  await page.goto("/docs");
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const reference = page.getByTestId("api-reference");
  // Rendered from the document: its tags and operations.
  await expect(reference.locator(".opblock-tag", { hasText: "Admin: scopes" })).toBeVisible();
  await expect(reference.locator("#operations-Usage-getUsage")).toBeVisible();
  await expect(reference.locator(".opblock-tag", { hasText: "OAuth 2.0" })).toBeVisible();
  await expect(reference.locator(".opblock-summary-path", { hasText: "/oauth/token" })).toBeVisible();

  // Authorize: the bearer token.
  await reference.getByRole("button", { name: "Authorize" }).first().click();
  const dialog = page.locator(".swagger-ui .modal-ux");
  await dialog.locator("#auth-bearer-value").fill(token);
  // The first scheme in the dialog is bearerAuth; once applied it offers Logout instead.
  const bearer = dialog.locator(".auth-container").first();
  await bearer.getByRole("button", { name: "Apply credentials" }).click();
  await expect(bearer.getByRole("button", { name: /Logout|Remove authorization/ })).toBeVisible();
  await bearer.getByRole("button", { name: "Close" }).click();

  // Try it out: GET /api/v1/usage against this server.
  const op = reference.locator("#operations-Usage-getUsage");
  await op.locator(".opblock-summary-control").click();
  await op.getByRole("button", { name: "Try it out" }).click();
  const [apiResponse] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/usage"),
    op.getByRole("button", { name: "Execute" }).click(),
  ]);
  expect(apiResponse.status()).toBe(200);
  expect(apiResponse.request().headers().authorization).toBe(`Bearer ${token}`);
  const live = op.locator(".live-responses-table");
  await expect(live.locator("tbody .response-col_status").first()).toHaveText("200");
  await expect(live.locator("tbody .response-col_description").first()).toContainText(app.client_id);

  // Without the token the same call is the API's 401 problem, shown as such.
  await reference.getByRole("button", { name: "Authorize" }).first().click();
  const signedIn = dialog.locator(".auth-container").first();
  await signedIn.getByRole("button", { name: /Logout|Remove authorization/ }).click();
  await dialog.locator(".auth-container").first().getByRole("button", { name: "Close" }).click();
  const [refused] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/usage"),
    op.getByRole("button", { name: "Execute" }).click(),
  ]);
  expect(refused.status()).toBe(401);
  await expect(live.locator("tbody .response-col_status").first()).toContainText("401");

  expect(violations, "CSP violations on /docs/api").toEqual([]);
  expect(external, "requests to other origins (no CDN)").toEqual([]);
});

test("the API reference fits a 390 px screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/docs/api");
  await expect(page.getByTestId("api-reference").locator(".opblock-tag").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

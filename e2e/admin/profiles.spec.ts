// Issue #10 §1 in a real browser: the admin console lists the active vendor profiles with their
// URLs (reached from the admin navigation), at 1280 and 390 px; /docs documents each with a curl
// example against the public origin; a copied example runs (the token comes back).
import { test, expect } from "@playwright/test";
import { signIn } from "../support/auth";
import { E2E_ADMIN_EMAIL as ADMIN, E2E_BASE_URL } from "../support/env";
import { screenshot } from "../support/screenshots";
import { createAppWithCli } from "./oauth-client";

const PATHS = { ciam: "/ciam-mfa/v2/get/token", vision10: "/v1/api/oauth/token", "access-analyzer": "/token" } as const;

test("an admin sees the active profiles and their URLs; /docs documents each", async ({ page, request }, testInfo) => {
  await signIn(page, ADMIN, "/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Profiles" }).click();
  await expect(page).toHaveURL(/\/admin\/profiles$/);
  await expect(page.getByRole("heading", { level: 1, name: "Drop-in profiles" })).toBeVisible();
  await expect(page.locator("[data-testid^='profile-']")).toHaveCount(3);
  for (const [name, path] of Object.entries(PATHS)) {
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^${name} — `) })).toBeVisible();
    await expect(page.getByTestId(`profile-${name}`)).toContainText(`${E2E_BASE_URL}${path}`);
  }
  await expect(page.getByTestId("profile-access-analyzer")).toContainText("refresh_token");
  await expect(page.getByRole("heading", { name: "Available" })).toHaveCount(0);
  await screenshot(page, testInfo, "admin-profiles");

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("profile-vision10")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "no sideways scrolling at 390 px").toBeLessThanOrEqual(0);
  await screenshot(page, testInfo, "admin-profiles-narrow");
  await page.setViewportSize({ width: 1280, height: 800 });

  // /docs: one section per profile, its URL and errors; the vision10 codes listed.
  await page.goto("/docs");
  const section = page.getByRole("region", { name: "Drop-in profiles" });
  await expect(section).toBeVisible();
  for (const [name, path] of Object.entries(PATHS)) {
    await expect(section.getByRole("heading", { name: `${name}: POST ${E2E_BASE_URL}${path}` })).toBeVisible();
  }
  await expect(section.getByRole("region", { name: "vision10 errors" })).toContainText("240101");
  await expect(section.getByRole("region", { name: "vision10 errors" })).toContainText("250301");

  // The vision10 example's request, as the docs show it, answers with a token.
  const app = createAppWithCli(`Profiles docs ${Date.now().toString(36)}`, "owner-profiles@e2e.test", "application.client");
  const code = await section.locator(".code-block pre").filter({ hasText: PATHS.vision10 }).first().innerText();
  expect(code).toContain(`'${E2E_BASE_URL}${PATHS.vision10}'`);
  const body = /-d "(.*)"$/m.exec(code)![1]!.replace(/\\"/g, '"').replace("$KEYPORT_CLIENT_ID", app.client_id).replace("$KEYPORT_CLIENT_SECRET", app.client_secret);
  const r = await request.post(PATHS.vision10, { headers: { "Content-Type": "application/json" }, data: body });
  expect(r.status(), await r.text()).toBe(200);
  expect(Object.keys(await r.json())).toEqual(["access_token", "token_type", "expires_in"]);
  await screenshot(page, testInfo, "docs-profiles");
});

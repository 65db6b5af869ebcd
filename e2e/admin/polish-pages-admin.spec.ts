// Issue #12 items 1, 4 and 5 in the admin console, in Chromium at 1280 and 390 px: admin forms
// keep what was typed when refused, with the message beside the field; rotating the signing key
// and rotating a secret with no grace ask first; the tables fit 1280 px (no column cut off) and
// are cards on phones.
import { test, expect, type Page } from "@playwright/test";
import { signIn } from "../support/auth";
import { E2E_ADMIN_EMAIL as ADMIN } from "../support/env";
import { screenshot } from "../support/screenshots";
import { expectNoHorizontalOverflow, expectSoundStructure } from "../support/page-checks";
import { createAppWithCli } from "./oauth-client";

const run = Date.now().toString(36);
const LONG_NAME = `Adminwide${run}`.padEnd(80, "q");

test.describe.configure({ mode: "serial" });

/** Every table on the page shows all its columns: nothing scrolls sideways inside its wrapper. */
async function expectTablesFit(page: Page) {
  const clipped = await page.evaluate(() =>
    [...document.querySelectorAll(".table-wrap")].filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => `${w.getAttribute("aria-label")}: ${w.scrollWidth} > ${w.clientWidth}`),
  );
  expect(clipped, `${page.url()}: tables cut off`).toEqual([]);
}

test("admin tables fit at 1280 and are cards at 390, with long names", async ({ page }, testInfo) => {
  const app = createAppWithCli(LONG_NAME, `wide-${run}-${"o".repeat(40)}@e2e.test`, "application.client");
  await signIn(page, ADMIN, "/admin");
  const pages = [`/admin/apps?q=${encodeURIComponent(LONG_NAME)}`, "/admin/apps", "/admin/keys", "/admin/scopes", "/admin/audiences", "/admin/audit", `/admin/apps/${app.client_id}`];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const p of pages) {
      await page.goto(p);
      await expectNoHorizontalOverflow(page);
      await expectTablesFit(page);
      await expectSoundStructure(page);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/admin/apps?q=${encodeURIComponent(LONG_NAME)}`);
  const table = page.getByRole("region", { name: "Applications" });
  // The last column is on screen at 1280 (it was cut after SCOPES).
  await expect(table.getByRole("columnheader", { name: "Last token" })).toBeInViewport();
  await expect(table.locator("tbody tr").first()).toContainText(app.client_id);
  await screenshot(page, testInfo, "admin-apps");
  await page.setViewportSize({ width: 390, height: 900 });
  // A card per row: every cell is labelled with its column.
  await expect(table.locator("tbody td").first()).toHaveAttribute("data-label", "Application");
  await expect(table.locator("thead")).toHaveCSS("position", "absolute");
  await screenshot(page, testInfo, "admin-apps-mobile");
  await page.goto("/admin/keys");
  await screenshot(page, testInfo, "admin-keys-mobile");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/admin/keys");
  await screenshot(page, testInfo, "dark-admin-keys-1280");
  await page.emulateMedia({ colorScheme: "light" });
});

test("a refused admin form keeps what was typed, the message beside the field", async ({ page }) => {
  await signIn(page, ADMIN, "/admin/scopes");
  const form = page.getByRole("form", { name: "Create a scope" });
  await form.getByLabel("Name").fill("not a scope name");
  await form.getByLabel("Description (shown to owners)").fill(`Kept description ${run}`);
  await form.getByRole("checkbox", { name: /approval/ }).check();
  await form.getByRole("button", { name: "Create scope" }).click();
  await expect(form.locator("#scope-name-error")).toBeVisible();
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-describedby", /scope-name-error/);
  await expect(form.getByLabel("Name")).toHaveValue("not a scope name");
  await expect(form.getByLabel("Description (shown to owners)")).toHaveValue(`Kept description ${run}`);
  await expect(form.getByRole("checkbox", { name: /approval/ })).toBeChecked();

  // Corrected: created, a success notice, and the form starts empty again.
  const name = `polish.${run}`;
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create scope" }).click();
  await expect(form.getByRole("status")).toBeVisible();
  await expect(page.getByRole("region", { name: "Scopes" })).toContainText(name);
  await expect(form.getByLabel("Name")).toHaveValue("");
  await expect(form.getByLabel("Name")).not.toHaveAttribute("aria-invalid", "true");
});

test("rotating the signing key and rotating a secret with no grace ask first, saying what breaks", async ({ page }) => {
  await signIn(page, ADMIN, "/admin/keys");
  const activeKid = async () => (await page.getByRole("region", { name: "Signing keys" }).locator("tbody tr", { hasText: "Active (signing)" }).locator("td").first().textContent())!.trim();
  const before = await activeKid();
  await page.getByRole("button", { name: "Rotate signing key" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate the signing key now?" });
  await expect(dialog).toContainText("reject the new tokens");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  expect(await activeKid(), "cancel rotates nothing").toBe(before);
  await page.getByRole("button", { name: "Rotate signing key" }).click();
  await dialog.getByRole("button", { name: "Rotate signing key" }).click();
  await expect(page.getByRole("form", { name: "Rotate signing key" }).getByRole("status")).toBeVisible();
  await expect.poll(activeKid).not.toBe(before);

  // A secret rotation with a grace period breaks nothing: no dialog. With none, a dialog.
  const app = createAppWithCli(`Grace ${run}`, `grace-${run}@e2e.test`, "application.client");
  await page.goto(`/admin/apps/${app.client_id}`);
  const rotate = page.getByRole("form", { name: "Rotate secret" });
  await rotate.getByLabel("Old secrets keep working for").selectOption("now");
  await rotate.getByRole("button", { name: "Rotate and email owner" }).click();
  const ask = page.getByRole("dialog", { name: "Rotate with no grace period?" });
  await expect(ask).toContainText("stops working at once");
  await ask.getByRole("button", { name: "Rotate now" }).click();
  await expect(rotate.getByRole("status")).toContainText("emailed to");
  await rotate.getByLabel("Old secrets keep working for").selectOption("1h");
  await rotate.getByRole("button", { name: "Rotate and email owner" }).click();
  await expect(ask).toBeHidden();
  await expect(rotate.getByRole("status")).toContainText("Previous secrets keep working until");
});

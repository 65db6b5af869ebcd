// The registration form against double submit and deceptive names (issue #8 item 9): three quick
// clicks on Register create exactly one application (and its secret is still shown, once); a name
// with a right-to-left override (U+202E, which makes "evil" read as "live") is a field error.
import { test, expect, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";

async function fillForm(page: Page, name: string) {
  await page.goto("/apps/new");
  await page.getByLabel("Application name").fill(name);
  await page.getByRole("checkbox", { name: /application\.client/ }).check();
}

/** Rows of the owner's application list (each row is one app). */
const appRows = (page: Page) => page.locator('tr[data-testid^="app-row-"]');

test("a triple click on Register registers one application and shows its secret", async ({ page }) => {
  await signIn(page, uniqueEmail("triple"));
  const name = `Triple click ${Date.now().toString(36)}`;
  await fillForm(page, name);
  await page.getByRole("button", { name: "Register application" }).click({ clickCount: 3 });
  await expect(page.getByRole("heading", { name: `${name} is registered` })).toBeVisible();
  await expect(page.getByTestId("client-secret")).toHaveText(/^kps_/);
  await page.goto("/apps");
  await expect(appRows(page)).toHaveCount(1);
  await expect(page.getByRole("link", { name })).toHaveCount(1);
});

test("three submits within one task (faster than any re-render) still register one application", async ({ page }) => {
  await signIn(page, uniqueEmail("burst"));
  const name = `Burst ${Date.now().toString(36)}`;
  await fillForm(page, name);
  await page.getByRole("button", { name: "Register application" }).evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
    button.click();
  });
  await expect(page.getByRole("heading", { name: `${name} is registered` })).toBeVisible();
  await expect(page.getByTestId("client-secret")).toHaveText(/^kps_/);
  await page.goto("/apps");
  await expect(appRows(page)).toHaveCount(1);
});

test("a name with a right-to-left override is refused with a field error", async ({ page }) => {
  await signIn(page, uniqueEmail("bidi"));
  await fillForm(page, "Billing \u202Elive");
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." })).toBeVisible();
  await expect(page.getByText("Remove invisible or direction-changing characters")).toBeVisible();
  await expect(page.getByLabel("Application name")).toHaveAttribute("aria-invalid", "true");
  await page.goto("/apps");
  await expect(appRows(page)).toHaveCount(0);
});

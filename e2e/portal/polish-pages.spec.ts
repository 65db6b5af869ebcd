// Issue #12 items 1, 4, 9, 10 and 12 in the owner portal, in Chromium at 1280 and 390 px: the
// first run takes 6 actions from the sign-in page to a token; forms keep what the owner typed
// when the server refuses it, with the error beside the field; actions that break running
// clients ask first in a dialog saying what breaks; "My apps" searches and filters on the server.
import { test, expect, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { extractLink, waitForMail } from "../support/mail";
import { requestToken } from "../support/oauth";
import { screenshot } from "../support/screenshots";
import { expectNoHorizontalOverflow, expectSoundStructure } from "../support/page-checks";
import { createAppWithCli } from "../admin/oauth-client";

const WIDTHS = [1280, 390] as const;
const run = Date.now().toString(36);
const LONG_NAME = `Unbroken${run}`.padEnd(80, "z");
const LONG_DESCRIPTION = `${"Description".repeat(30)} and then a few words`.padEnd(500, "w");

async function atBothWidths(page: Page, check: () => Promise<void>) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await check();
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("first run: 6 actions from the sign-in page to a working token, the default scope pre-selected", async ({ page, context, request }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const owner = uniqueEmail("first-run");
  const since = Date.now() - 1000;
  await page.goto("/signin");
  await page.getByLabel("Work email").fill(owner); // 1
  await page.getByRole("button", { name: "Email me a sign-in link" }).click(); // 2
  const link = extractLink(await waitForMail(owner, /Sign in to Keyport/, { since }), /\/api\/auth\/callback\//);
  await page.goto(link); // 3: open the link
  // No application yet: straight to the registration form, application.client already ticked.
  await expect(page).toHaveURL(/\/apps\/new$/);
  await expect(page.getByRole("checkbox", { name: /application\.client/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /domain\.manage/ })).not.toBeChecked();
  await page.getByLabel("Application name").fill(`First run ${run}`); // 4
  await page.getByRole("button", { name: "Register application" }).click(); // 5
  await expect(page.getByRole("heading", { name: `First run ${run} is registered` })).toBeVisible();
  await page.getByRole("button", { name: "Copy client_secret" }).click(); // 6
  const secret = await page.evaluate(() => navigator.clipboard.readText());
  const clientId = (await page.getByTestId("client-id").textContent())!.trim();
  expect(secret).toMatch(/^kps_/);
  const token = await requestToken(request, clientId, secret);
  expect(token.status, JSON.stringify(token.body)).toBe(200);
  expect(token.body.scope).toBe("application.client");
  await screenshot(page, testInfo, "apps-created");

  // Signing in again (the app exists now) lands on the list instead.
  await page.goto("/signin/continue");
  await expect(page).toHaveURL(/\/apps$/);
});

test("/apps/new keeps the name, description, scopes, audience and auth method after a refused submit, the error beside the field", async ({ page }, testInfo) => {
  await signIn(page, uniqueEmail("kept"));
  await page.goto("/apps/new");
  await page.getByLabel("Application name").fill(LONG_NAME);
  await page.getByLabel("Description (optional)").fill(LONG_DESCRIPTION);
  await page.getByRole("checkbox", { name: /application\.client/ }).uncheck();
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.locator("#scopes-error")).toHaveText("Choose at least one scope");
  await expect(page.getByLabel("Application name")).toHaveValue(LONG_NAME);
  await expect(page.getByLabel("Description (optional)")).toHaveValue(LONG_DESCRIPTION);
  await atBothWidths(page, () => expectNoHorizontalOverflow(page));
  await screenshot(page, testInfo, "apps-new-error");

  // A second refusal, from the public-key path: the method, the ticked scope and the pasted text stay.
  await page.getByRole("checkbox", { name: /domain\.manage/ }).check();
  await page.getByRole("radio", { name: /Public key/ }).check();
  const pasted = '{"kty":"EC","crv":"P-256","x":"not-a-key"}';
  await page.getByLabel("Public key", { exact: true }).fill(pasted);
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.locator("#publicKeys-error")).toBeVisible();
  await expect(page.getByRole("radio", { name: /Public key/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /domain\.manage/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /application\.client/ })).not.toBeChecked();
  await expect(page.getByLabel("Application name")).toHaveValue(LONG_NAME);
  await expect(page.getByLabel("Public key", { exact: true })).toHaveValue(pasted);
});

test("rotating a secret immediately asks first and says what breaks; Cancel and Escape change nothing", async ({ page, request }) => {
  const owner = uniqueEmail("confirm");
  const app = createAppWithCli(`Confirm me ${run}`, owner, "application.client");
  await signIn(page, owner);
  await page.goto(`/apps/${app.client_id}`);
  await page.getByLabel("Current secret stops working").selectOption("now");
  const rotate = page.getByRole("button", { name: "Rotate secret" });
  await rotate.click();
  const dialog = page.getByRole("dialog", { name: "Rotate the secret now?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("invalid_client");
  // Keyboard: focus starts on Cancel; Escape closes and nothing happened.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await rotate.click();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await requestToken(request, app.client_id, app.client_secret)).status, "still the same secret").toBe(200);

  await rotate.click();
  await dialog.getByRole("button", { name: "Rotate now" }).click();
  await expect(page.getByText("The previous secret stopped working.")).toBeVisible();
  await expect(async () => expect((await requestToken(request, app.client_id, app.client_secret)).status).toBe(401)).toPass({ timeout: 10_000 });
});

test("My apps: search by name or client_id and filter by status, on the server, in the URL; cards on phones; long names wrap", async ({ page }, testInfo) => {
  const owner = uniqueEmail("search");
  const alpha = createAppWithCli(`Alpha billing ${run}`, owner, "application.client");
  const beta = createAppWithCli(`Beta reports ${run}`, owner, "application.client");
  await signIn(page, owner);
  // The third through the form, asking for a scope that needs approval: pending.
  await page.goto("/apps/new");
  await page.getByLabel("Application name").fill(LONG_NAME);
  await page.getByLabel("Description (optional)").fill(LONG_DESCRIPTION);
  await page.getByRole("checkbox", { name: /domain\.manage/ }).check();
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("heading", { name: `${LONG_NAME} is registered` })).toBeVisible();
  await page.goto("/apps");
  const rows = page.getByRole("region", { name: "My applications" }).locator("tbody tr");
  await expect(rows).toHaveCount(3);

  const search = page.getByRole("search", { name: "Search my applications" });
  await search.getByRole("searchbox", { name: "Search" }).fill("alpha BILLING");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=alpha\+BILLING/);
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId(`app-row-${alpha.client_id}`)).toBeVisible();
  await expect(search.getByRole("searchbox", { name: "Search" })).toHaveValue("alpha BILLING");

  await page.goto(`/apps?q=${beta.client_id}`);
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId(`app-row-${beta.client_id}`)).toBeVisible();

  await page.goto("/apps?status=pending");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Pending approval");
  await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("pending");

  await page.goto("/apps?q=nothing-like-this&status=active");
  await expect(page.getByRole("heading", { name: "No applications match" })).toBeVisible();
  await page.getByRole("link", { name: "Clear the search" }).click();
  await expect(rows).toHaveCount(3);
  // An unknown status is ignored rather than failing the page.
  expect((await page.goto("/apps?status=bogus"))?.status()).toBe(200);

  await page.goto("/apps");
  await atBothWidths(page, async () => {
    await expectNoHorizontalOverflow(page);
    await expectSoundStructure(page);
  });
  await page.setViewportSize({ width: 390, height: 900 });
  // Cards: the column headings are hidden and each cell carries its label.
  await expect(page.getByRole("region", { name: "My applications" }).locator("thead")).toHaveCSS("position", "absolute");
  await screenshot(page, testInfo, "apps-list-mobile");
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, testInfo, "apps-list");
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, testInfo, "dark-apps-list-1280");
  await page.emulateMedia({ colorScheme: "light" });
});

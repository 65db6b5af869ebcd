// Issue #10 §4 in the admin console, in Debian Chromium against the production server: an admin
// pastes records, the preview shows a bad line by its number and refuses to import, the fixed
// records preview cleanly, the import creates the apps — which appear in the console and get
// tokens with their carried-over secrets — and no imported secret is ever shown back. Then a CSV
// file uploaded on a 390 px screen.
import { test, expect, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { E2E_ADMIN_EMAIL as ADMIN } from "../support/env";
import { expectNoHorizontalOverflow, expectSoundStructure } from "../support/page-checks";
import { requestToken } from "./oauth-client";

const run = Date.now().toString(36);
const LONG = `e2e-imported-long-secret-${run}`.padEnd(40, "0");
const SHORT = `e2e-pw-${run}`;

async function openImport(page: Page) {
  await signIn(page, ADMIN, "/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import applications" })).toBeVisible();
}

test("paste, preview with an error line, fix, import: the apps appear and their secrets work", async ({ page, request }) => {
  const owner = uniqueEmail("import-owner");
  const line = (o: object) => JSON.stringify(o);
  const good = [
    line({ name: `Imported long ${run}`, owner, scopes: "application.client", client_id: `e2e-long-${run}`, client_secret: LONG }),
    line({ name: `Imported short ${run}`, owner, scopes: ["application.client"], client_id: `e2e-short-${run}`, client_secret: SHORT, token_ttl: 900 }),
  ];
  await openImport(page);
  await expectSoundStructure(page);
  const records = page.getByLabel("Records (JSON Lines or CSV)");
  const preview = page.getByRole("button", { name: "Preview" });
  const importButton = page.getByRole("button", { name: /^Import( \d+ applications?)?$/ });
  await expect(importButton).toBeDisabled();

  // Line 3 names a scope that is not in the catalog.
  await records.fill([...good, line({ name: `Broken ${run}`, owner, scopes: "no.such.scope" })].join("\n"));
  await preview.click();
  await expect(page.getByRole("alert").filter({ hasText: "1 problem(s) in 3 record(s)" })).toBeVisible();
  await expect(page.getByTestId("import-issues")).toHaveText("Line 3: scopes: unknown or retired scope no.such.scope (keyport scopes add NAME)");
  await expect(importButton).toBeDisabled();

  // Fixed: the third record has no client_id and no secret (both generated).
  await records.fill([...good, line({ name: `Generated ${run}`, owner, scopes: "application.client" })].join("\n"));
  await expect(importButton).toBeDisabled(); // the text changed since the last preview
  await preview.click();
  await expect(page.getByRole("status").filter({ hasText: "3 application(s) would be imported" })).toBeVisible();
  await expect(page.getByTestId("import-counts")).toContainText("secrets: 1 imported, 1 short (scrypt), 1 generated");
  const plan = page.getByRole("region", { name: "Applications to import" });
  await expect(plan.locator("tbody tr")).toHaveCount(3);
  await expect(plan.locator('tr[data-line="1"]')).toContainText(`e2e-long-${run}`);
  await expect(plan.locator('tr[data-line="2"]')).toContainText("imported (short: scrypt)");
  await expect(plan.locator('tr[data-line="3"]')).toContainText("generated");
  await expect(plan.locator('tr[data-line="1"]')).toContainText("new");
  for (const s of [LONG, SHORT]) expect(await plan.innerText()).not.toContain(s);
  await expect(importButton).toHaveText("Import 3 applications");
  await expect(importButton).toBeEnabled();

  await importButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Imported 3 application(s); they are active now." })).toBeVisible();
  const secrets = page.getByTestId("generated-secret");
  await expect(secrets).toHaveCount(1);
  const generated = (await secrets.innerText()).trim();
  expect(generated).toMatch(/^kps_[A-Za-z0-9_-]{43}$/);
  await expect(records).toHaveValue("");
  const html = await page.content();
  expect(html).not.toContain(LONG);
  expect(html).not.toContain(SHORT);
  await expectSoundStructure(page);
  await expectNoHorizontalOverflow(page);

  // Carried-over credentials work at the token endpoint; so does the generated one.
  expect((await requestToken(request, `e2e-long-${run}`, LONG)).status).toBe(200);
  expect((await requestToken(request, `e2e-short-${run}`, SHORT)).status).toBe(200);
  expect((await requestToken(request, `e2e-short-${run}`, SHORT)).status).toBe(200);
  expect((await requestToken(request, `e2e-short-${run}`, `${SHORT}x`)).status).toBe(401);
  const generatedRow = page.getByRole("region", { name: "Generated secrets" }).locator("tbody tr");
  const generatedClientId = (await generatedRow.locator("td").nth(1).innerText()).trim();
  expect((await requestToken(request, generatedClientId, generated)).status).toBe(200);

  // The app appears in the console: from the result, and in the application list.
  await page.getByRole("region", { name: "Imported applications" }).getByRole("link", { name: `Imported short ${run}` }).click();
  await expect(page.getByTestId("client-id")).toHaveText(`e2e-short-${run}`);
  await page.goto(`/admin/apps?q=${encodeURIComponent(owner)}`);
  await expect(page.getByRole("region", { name: "Applications" }).locator("tbody tr")).toHaveCount(3);
});

test("a CSV file uploaded on a phone-sized screen", async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const owner = uniqueEmail("import-csv");
  const csv = ["name,owner,scopes,client_id,client_secret", `"Csv, ${run}",${owner},application.client,e2e-csv-${run},csv-secret-${run}`].join("\r\n");
  await openImport(page);
  await expectNoHorizontalOverflow(page);
  await page.getByLabel("Or choose a file").setInputFiles({ name: "apps.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  // A text box holds line breaks as LF (HTML's textarea value normalisation).
  await expect(page.getByLabel("Records (JSON Lines or CSV)")).toHaveValue(csv.replace(/\r\n/g, "\n"));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 application(s) would be imported" })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await page.getByRole("button", { name: "Import 1 application" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported 1 application(s)" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Imported applications" })).toContainText(`e2e-csv-${run}`);
  await expectNoHorizontalOverflow(page);
  expect((await requestToken(request, `e2e-csv-${run}`, `csv-secret-${run}`)).status).toBe(200);
});

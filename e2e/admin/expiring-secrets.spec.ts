// Issue #10 §3 in the admin console, in Debian Chromium against the production server: an admin
// sets an application's token lifetime (the token endpoint follows at once) and its secret expiry
// policy, rotates its secret, and finds the new secret under "Secrets expiring soon" with its
// owner, hint, expiry, reminders and a link back to the application. At 1280 and 390 px.
import { test, expect, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { E2E_ADMIN_EMAIL as ADMIN } from "../support/env";
import { expectNoHorizontalOverflow, expectSoundStructure } from "../support/page-checks";
import { basicAuth, createAppWithCli, requestToken } from "./oauth-client";

const run = Date.now().toString(36);

async function openApp(page: Page, clientId: string) {
  await page.goto("/admin/apps");
  await page.getByRole("searchbox", { name: "Search" }).fill(clientId);
  await page.getByRole("button", { name: "Search" }).click();
  const rows = page.getByRole("region", { name: "Applications" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole("link").click();
  await expect(page.getByTestId("client-id")).toHaveText(clientId);
}

test("an admin sets a token lifetime, the next token has it", async ({ page, request }) => {
  const app = createAppWithCli(`Lifetime ${run}`, uniqueEmail("lifetime-owner"), "application.client");
  expect((await requestToken(request, app.client_id, app.client_secret)).status).toBe(200);

  await signIn(page, ADMIN, "/admin");
  await openApp(page, app.client_id);
  await expect(page.getByTestId("token-lifetime")).toHaveText("1 hour");
  const form = page.getByRole("form", { name: "Token lifetime" });
  const input = form.getByLabel("Access-token lifetime (seconds)");
  await expect(input).toHaveValue("3600");
  // The field carries the same bounds as the server (60 s … 24 h).
  await expect(input).toHaveAttribute("min", "60");
  await expect(input).toHaveAttribute("max", "86400");

  await input.fill("900");
  await form.getByRole("button", { name: "Save token lifetime" }).click();
  await expect(form.getByRole("status")).toContainText("now live 15 minutes, from the next token on");
  await page.reload();
  await expect(page.getByTestId("token-lifetime")).toHaveText("15 minutes");

  // Effective at once (the cache trigger drops the client; asynchronous, "within a second").
  await expect
    .poll(async () => {
      const res = await request.post("/oauth/token", {
        headers: { authorization: basicAuth(app.client_id, app.client_secret) },
        form: { grant_type: "client_credentials" },
      });
      return ((await res.json()) as { expires_in?: number }).expires_in;
    })
    .toBe(900);
});

test("secrets expiring soon: policy, rotation, the list, the way back to the app", async ({ page }) => {
  const owner = uniqueEmail("expiring-owner");
  const name = `Expiring ${run}`;
  const app = createAppWithCli(name, owner, "application.client");

  await signIn(page, ADMIN, "/admin");
  await openApp(page, app.client_id);
  await expect(page.getByTestId("secret-policy")).toHaveText("New secrets do not expire.");

  // The policy: 72 hours for secrets issued from now on.
  const policy = page.getByRole("form", { name: "Secret expiry policy" });
  await policy.getByLabel("New secrets expire after").fill("30m");
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(policy.getByText("At least 1 hour")).toBeVisible();
  await policy.getByLabel("New secrets expire after").fill("72h");
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(policy.getByRole("status")).toContainText("New secrets expire 3 days after issue (this application's policy).");

  // Rotate on the owner's behalf (24 h grace): the new secret expires in 72 hours.
  const rotate = page.getByRole("form", { name: "Rotate secret" });
  await expect(rotate.getByLabel("Old secrets keep working for")).toHaveValue("24h");
  await rotate.getByRole("button", { name: "Rotate and email owner" }).click();
  await expect(rotate.getByRole("status")).toContainText("issued and emailed");
  const hint = /New secret …(\S{4}) issued/.exec((await rotate.getByRole("status").textContent()) ?? "")![1]!;

  // The admin nav leads to the list; the rotated-away secret (in its grace period) is not there.
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Expiring secrets" }).click();
  await expect(page).toHaveURL(/\/admin\/secrets$/);
  await expect(page.getByRole("heading", { level: 1, name: "Secrets expiring soon" })).toBeVisible();
  const rows = page.getByRole("region", { name: "Secrets expiring soon" }).getByTestId("expiring-secret").filter({ hasText: name });
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row).toContainText(owner);
  await expect(row).toContainText(`…${hint}`);
  await expect(row).toContainText("in 3 days");
  await expect(row.getByTestId("reminders-sent")).toHaveText("None yet");
  await expectSoundStructure(page);
  await expectNoHorizontalOverflow(page);

  // A 24-hour window leaves it out; 7 days shows it again.
  await page.getByLabel("Expiring within").selectOption("24h");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/within=24h/);
  await expect(page.getByTestId("expiring-secret").filter({ hasText: name })).toHaveCount(0);
  await page.getByLabel("Expiring within").selectOption("7d");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByTestId("expiring-secret").filter({ hasText: name })).toHaveCount(1);

  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalOverflow(page);
  await page.getByTestId("expiring-secret").filter({ hasText: name }).getByRole("link", { name: `Open ${name} to rotate its secret` }).click();
  await expect(page.getByTestId("client-id")).toHaveText(app.client_id);
  await expect(page.getByTestId("secret-policy")).toHaveText("New secrets expire 3 days after issue (this application's policy).");
});

// The admin console's teams (issue #11 §1): the teams list and a team's page (members,
// applications), and moving an application to another team from its admin page — audited, and
// the new team's admins get its mail from then on.
import { test, expect, type Page } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { extractCredentials, waitForMail } from "../support/mail";
import { E2E_ADMIN_EMAIL as ADMIN } from "../support/env";
import { screenshot } from "../support/screenshots";
import { createAppWithCli, requestToken } from "./oauth-client";

/** The personal team slug of an e2e address (its local part, lib/teams/personal-team-slug.ts). */
const personalSlug = (email: string) => email.split("@")[0]!.replace(/[^a-z0-9]+/g, "-");

async function openTeam(page: Page, slug: string) {
  await page.goto(`/admin/teams?q=${encodeURIComponent(slug)}`);
  await page.getByTestId(`admin-team-${slug}`).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

test("an admin browses teams and moves an application to another team; its mail follows", async ({ page, request }, testInfo) => {
  const from = uniqueEmail("owner-from");
  const to = uniqueEmail("owner-to");
  const name = `Moving app ${Date.now().toString(36)}`;
  const app = createAppWithCli(name, from, "application.client");
  createAppWithCli(`Other ${name}`, to, "application.client");

  await signIn(page, ADMIN, "/admin");
  await openTeam(page, personalSlug(from));
  await expect(page.getByTestId(`admin-member-${from}`)).toContainText("admin");
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  await screenshot(page, testInfo, "admin-team");

  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByTestId("app-team")).toContainText(from);
  await page.getByLabel("Move to team (slug or id)").fill(personalSlug(to));
  await page.getByRole("button", { name: "Move application" }).click();
  await expect(page.getByText(`Moved from ${personalSlug(from)} to ${personalSlug(to)}.`)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("app-team")).toContainText(to);
  await expect(page.getByRole("row").filter({ hasText: "app.move_team" })).toBeVisible();

  // An unknown team is a field error, nothing moves.
  await page.getByLabel("Move to team (slug or id)").fill("no-such-team-anywhere");
  await page.getByRole("button", { name: "Move application" }).click();
  await expect(page.getByText("No team with that slug or id")).toBeVisible();

  // The rotated secret now goes to the new team's admin, not to the creator.
  const since = Date.now() - 1000;
  await page.reload();
  await page.getByLabel("Old secrets keep working for").selectOption("1h");
  await page.getByRole("button", { name: "Rotate and email owner" }).click();
  await expect(page.getByRole("status").filter({ hasText: "emailed to" })).toContainText(to);
  const mail = await waitForMail(to, `New client secret for ${name}`, { since });
  const { clientSecret } = extractCredentials(mail);
  expect((await requestToken(request, app.client_id, clientSecret)).status).toBe(200);

  await openTeam(page, personalSlug(to));
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
});

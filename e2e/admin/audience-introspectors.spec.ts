// Issue #8 item 7 in the admin console: an admin registers a resource server allowed to introspect
// an audience's tokens (RFC 7662 §2.1) and removes it again; the introspection endpoint follows.
import { test, expect, type APIRequestContext } from "@playwright/test";
import { signIn, uniqueEmail } from "../support/auth";
import { E2E_ADMIN_EMAIL as ADMIN } from "../support/env";
import { createAppWithCli, introspect, requestToken } from "./oauth-client";

const AUDIENCE = "urn:keyport:api";

async function tokenOf(request: APIRequestContext, app: { client_id: string; client_secret: string }) {
  const r = await requestToken(request, app.client_id, app.client_secret);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.access_token!;
}

test("an admin allows a resource server to introspect an audience's tokens, then removes it", async ({ page, request }) => {
  const run = Date.now().toString(36);
  const client = createAppWithCli(`Token holder ${run}`, uniqueEmail("holder"), "application.client");
  const rs = createAppWithCli(`Resource server ${run}`, uniqueEmail("rs"), "application.client");
  const rsCreds = { clientId: rs.client_id, clientSecret: rs.client_secret };
  const token = await tokenOf(request, client);
  expect((await introspect(request, token, rsCreds)).body).toEqual({ active: false });

  await signIn(page, ADMIN, "/admin");
  await page.goto(`/admin/audiences?aud=${encodeURIComponent(AUDIENCE)}#introspectors`);
  await expect(page.getByRole("heading", { name: "Resource servers allowed to introspect" })).toBeVisible();
  const addForm = page.getByRole("form", { name: "Add a resource server" });
  await addForm.getByLabel("client_id of the resource server").fill("kp_unknown_client");
  await addForm.getByRole("button", { name: "Allow to introspect" }).click();
  // The form's message above, the field's beside the client_id input (issue #12 item 1).
  await expect(addForm.getByRole("alert").filter({ hasText: "No application has that client_id" })).toBeVisible();
  await expect(addForm.locator("#introspector-client-id-error")).toBeVisible();

  await addForm.getByLabel("client_id of the resource server").fill(rs.client_id);
  await addForm.getByRole("button", { name: "Allow to introspect" }).click();
  await expect(page.getByRole("status").filter({ hasText: "may now introspect tokens" })).toBeVisible();
  const table = page.getByRole("region", { name: "Resource servers allowed to introspect" });
  await expect(table.getByText(rs.client_id)).toBeVisible();
  await expect(async () => {
    const r = await introspect(request, token, rsCreds);
    expect(r.body.active).toBe(true);
    expect(r.body.client_id).toBe(client.client_id);
  }).toPass({ timeout: 5000 });

  await page.getByRole("form", { name: `Remove ${rs.client_id}` }).getByRole("button", { name: "Remove" }).click();
  // The row (and its form) leaves the list.
  await expect(table.getByText(rs.client_id)).toHaveCount(0);
  await expect(async () => expect((await introspect(request, token, rsCreds)).body).toEqual({ active: false })).toPass({ timeout: 5000 });
});

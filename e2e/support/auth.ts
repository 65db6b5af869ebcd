// Sign in the way a person does: request a link on /signin, open it from the captured email.
import { expect, type Page } from "@playwright/test";
import { extractLink, waitForMail } from "./mail";

export async function signIn(page: Page, email: string, returnTo = "/apps"): Promise<void> {
  const since = Date.now() - 1000;
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mail = await waitForMail(email, /Sign in to Keyport/, { since });
  await page.goto(extractLink(mail, /\/api\/auth\/callback\//));
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** A fresh, unique address per test, so every test seeds its own user. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@e2e.test`;
}

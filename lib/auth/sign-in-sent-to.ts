// The check-email page says which address the sign-in link went to. The address travels from the
// sign-in form's action to that page in a short-lived HttpOnly cookie scoped to the page — not in
// the URL, where anyone could write a link that makes the page claim an address of their choosing
// (and where it would sit in history and logs). The page shows it only if it still reads as an
// email address, as React-escaped text.
import { emailSchema } from "../apps/app-schemas";

export const SIGN_IN_SENT_TO_COOKIE = "keyport-sign-in-sent-to";
/** The check-email page (Auth.js pages.verifyRequest), the only path the cookie is sent to. */
export const CHECK_EMAIL_PATH = "/signin/check-email";
/** As long as someone plausibly looks at the page after submitting the form. */
const MAX_AGE_SECONDS = 10 * 60;

export interface SentToCookie {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; secure: boolean; path: string; maxAge: number };
}

/** The cookie the sign-in action sets for `email` (already validated by the form). */
export function sentToCookie(email: string, opts: { secure: boolean }): SentToCookie {
  return {
    name: SIGN_IN_SENT_TO_COOKIE,
    value: email,
    options: { httpOnly: true, sameSite: "lax", secure: opts.secure, path: CHECK_EMAIL_PATH, maxAge: MAX_AGE_SECONDS },
  };
}

/** The address from the cookie's value, or null when absent or not an email address. */
export function readSentTo(value: string | undefined): string | null {
  if (value === undefined || value.length > 320) return null;
  const parsed = emailSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

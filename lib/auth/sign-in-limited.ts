// How a refused sign-in-link request (KEYPORT_LIMIT_SIGNIN_PER_EMAIL / _PER_ADDRESS, enforced in
// auth.ts's signIn callback) travels back to the person: Auth.js answers a callback's string with a
// redirect, so the refusal is a path to the sign-in error page carrying the wait in seconds; the
// sign-in form's action reads the same path and shows the message in the form instead.
// One message for both limits and for every address, allowed or not: it reveals nothing.
import { tryAgainIn } from "../rate-limit/retry-message";

/** The `error` code on /signin/error (not one of Auth.js's own codes). */
export const SIGN_IN_RATE_LIMITED = "RateLimited";

const MAX_WAIT_SECONDS = 7 * 86_400;

export function signInLimitedPath(retryAfterSeconds: number): string {
  return `/signin/error?${new URLSearchParams({ error: SIGN_IN_RATE_LIMITED, retryAfter: String(retryAfterSeconds) })}`;
}

/** The wait carried by such a path; clamped, since anyone can type a URL. */
export function retryAfterParam(value: string | null | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_WAIT_SECONDS) : 60;
}

export function signInLimitedMessage(retryAfterSeconds: number): string {
  return `Too many sign-in links requested for this address. ${tryAgainIn(retryAfterSeconds)}`;
}

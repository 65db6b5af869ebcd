// Mail-bombing protection for sign-in links: per source address, then per email address. Called
// once per link request, before anything else decides about the address — in particular before the
// allow-list check, so being refused here says nothing about whether an address may sign in.
import crypto from "node:crypto";
import type { Verdict } from "./limiter";
import type { RateLimits } from "./rate-limits";

/** The email's counter key: a digest, so the shared table holds no addresses (and keys stay short). */
export function emailKey(email: string): string {
  return crypto.createHash("sha256").update(email.trim().toLowerCase()).digest("base64url").slice(0, 32);
}

export async function limitSignInLink(
  limits: Pick<RateLimits, "signInPerEmail" | "signInPerAddress">,
  request: { email: string; address: string | null },
): Promise<Verdict> {
  // No address (only under `next dev`, which runs without Keyport's server): the email limit still holds.
  if (request.address) {
    const byAddress = await limits.signInPerAddress.consume(request.address);
    if (!byAddress.allowed) return byAddress;
  }
  return limits.signInPerEmail.consume(emailKey(request.email));
}

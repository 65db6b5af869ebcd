// Applications registered per owner in the portal: each registration creates a client, a secret
// and a mail, so an owner (or a stolen session) cannot mint them without bound.
import type { Verdict } from "./limiter";
import type { RateLimits } from "./rate-limits";

type RegisterLimits = Pick<RateLimits, "registerPerOwner">;

/** Count one registration attempt by `ownerId`; refused once the owner used up the window. */
export function limitAppRegistration(limits: RegisterLimits, ownerId: string): Promise<Verdict> {
  return limits.registerPerOwner.consume(ownerId);
}

/** The attempt registered nothing (invalid input, conflict): it does not count. */
export function refundAppRegistration(limits: RegisterLimits, ownerId: string): Promise<void> {
  return limits.registerPerOwner.refund(ownerId);
}

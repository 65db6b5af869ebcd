// Brute-force limits on client authentication at the token, introspection and revocation
// endpoints (RFC 6749 §10.10: the server must make guessing client credentials infeasible). Failed
// authentications count per (client_id, source address) and per source address:
//  - an attacker hammering one client_id from one address is refused, even with the right secret
//    once refused (a lucky guess must not reveal itself), while the real client calling from
//    another address carries on;
//  - an attacker spraying many client_ids from one address hits the per-address limit.
// Only failures are counted (a store round trip each); a successful request only asks memory.
import { ALLOWED, type Verdict } from "./limiter";
import type { RateLimits } from "./rate-limits";

type AuthLimits = Pick<RateLimits, "authFailuresPerClient" | "authFailuresPerAddress">;

/** Longest client_id that gets a counter of its own; beyond it (or with control characters) the
 * id is not a real one and only the per-address counter applies. Keeps store keys bounded. */
const MAX_KEYED_CLIENT_ID = 128;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The (client_id, address) key, unambiguous by length prefix; null for an id not worth a key. */
export function clientAddressKey(clientId: string, address: string): string | null {
  if (clientId.length === 0 || clientId.length > MAX_KEYED_CLIENT_ID || CONTROL.test(clientId)) return null;
  return `${clientId.length}:${clientId}@${address}`;
}

/** Before authenticating: memory only, no store. Refused when the address or the pair is blocked. */
export function checkClientAuthAllowed(limits: AuthLimits, clientId: string, address: string): Verdict {
  const byAddress = limits.authFailuresPerAddress.check(address);
  if (!byAddress.allowed) return byAddress;
  // Nothing blocked (the usual case): no key to build.
  if (!limits.authFailuresPerClient.anyBlocked) return ALLOWED;
  const key = clientAddressKey(clientId, address);
  return key ? limits.authFailuresPerClient.check(key) : ALLOWED;
}

/** After a failed authentication: count it; refused when this failure went over a limit. */
export async function countClientAuthFailure(limits: AuthLimits, clientId: string, address: string): Promise<Verdict> {
  const key = clientAddressKey(clientId, address);
  const [byPair, byAddress] = await Promise.all([
    key ? limits.authFailuresPerClient.consume(key) : ALLOWED,
    limits.authFailuresPerAddress.consume(address),
  ]);
  if (byPair.allowed) return byAddress;
  if (byAddress.allowed) return byPair;
  return byPair.retryAfterSeconds >= byAddress.retryAfterSeconds ? byPair : byAddress;
}

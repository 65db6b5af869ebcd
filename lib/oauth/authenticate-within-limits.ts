// Step of the token, introspection and revocation pipelines: client authentication behind the
// brute-force limits (lib/rate-limit/client-auth-failures.ts; RFC 6749 §10.10, RFC 6819 §4.3.2 and
// §5.1.4.2.3). Before verifying the secret, a memory-only check refuses a (client_id, address) pair
// or an address that failed too often — with the right secret too, so a guess that happens to be
// right does not reveal itself. Only a failed authentication touches the shared counters; a
// successful request never waits for them.
import type { Runtime } from "../runtime";
import type { CachedClient } from "../cache/client-cache";
import type { OAuthEndpointName } from "../events/events";
import { checkClientAuthAllowed, countClientAuthFailure } from "../rate-limit/client-auth-failures";
import { authenticateClient } from "./authenticate-client";
import type { PresentedCredentials } from "./client-credentials";
import { OAuthError } from "./errors";

/**
 * 429 Too Many Requests (RFC 6585 §4) with Retry-After in seconds (RFC 9110 §10.2.3) and the
 * RFC 6749 §5.2 error shape; `temporarily_unavailable` is the registered code for "try later"
 * (RFC 6749 §4.1.2.1).
 */
export function tooManyFailedAuthentications(retryAfterSeconds: number): OAuthError {
  return new OAuthError(
    "temporarily_unavailable",
    `too many failed client authentications; retry in ${retryAfterSeconds} s`,
    429,
    { "Retry-After": String(retryAfterSeconds) },
  );
}

export async function authenticateWithinLimits(
  rt: Pick<Runtime, "clients" | "config" | "events" | "limits">,
  endpoint: OAuthEndpointName,
  address: string,
  creds: PresentedCredentials,
): Promise<CachedClient> {
  const before = checkClientAuthAllowed(rt.limits, creds.clientId, address);
  if (!before.allowed) throw tooManyFailedAuthentications(before.retryAfterSeconds);
  try {
    return await authenticateClient(rt.clients, rt.config.secret, creds);
  } catch (err) {
    if (!(err instanceof OAuthError) || err.error !== "invalid_client") throw err;
    rt.events.emit("client.auth_failed", { endpoint, clientId: creds.clientId, address });
    const after = await countClientAuthFailure(rt.limits, creds.clientId, address);
    if (!after.allowed) throw tooManyFailedAuthentications(after.retryAfterSeconds);
    throw err;
  }
}

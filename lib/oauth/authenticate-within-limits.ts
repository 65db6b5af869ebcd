// Step of the token, introspection and revocation pipelines: client authentication behind the
// brute-force limits (lib/rate-limit/client-auth-failures.ts; RFC 6749 §10.10, RFC 6819 §4.3.2 and
// §5.1.4.2.3), whatever the method (lib/oauth/client-auth). Before verifying, a memory-only check
// refuses a (client_id, address) pair or an address that failed too often — with the right
// credentials too, so a guess that happens to be right does not reveal itself. Only a failed
// authentication touches the shared counters; a successful request never waits for them.
import type { CachedClient } from "../cache/client-cache";
import { checkClientAuthAllowed, countClientAuthFailure } from "../rate-limit/client-auth-failures";
import type { PresentedClient } from "./client-auth/client-auth-method";
import { refuseUnusableClient } from "./client-auth/refuse-unusable-client";
import type { EndpointContext } from "./endpoint-context";
import { OAuthError } from "./errors";
import type { OAuthRequest } from "./oauth-http";
import type { Params } from "./read-params";

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

export interface PresentedVerifier {
  verify(presented: PresentedClient, endpoint: EndpointContext, req: OAuthRequest, params: Params): Promise<CachedClient>;
}

export async function authenticateWithinLimits(
  verifier: PresentedVerifier,
  endpoint: EndpointContext,
  req: OAuthRequest,
  params: Params,
  presented: PresentedClient,
): Promise<CachedClient> {
  const { limits, events } = endpoint.services;
  const address = req.remoteAddress;
  const before = checkClientAuthAllowed(limits, presented.clientId, address);
  if (!before.allowed) throw tooManyFailedAuthentications(before.retryAfterSeconds);
  try {
    const client = await verifier.verify(presented, endpoint, req, params);
    refuseUnusableClient(client);
    return client;
  } catch (err) {
    if (!(err instanceof OAuthError) || err.error !== "invalid_client") throw err;
    events.emit("client.auth_failed", { endpoint: endpoint.endpoint, clientId: presented.clientId, address });
    const after = await countClientAuthFailure(limits, presented.clientId, address);
    if (!after.allowed) throw tooManyFailedAuthentications(after.retryAfterSeconds);
    throw err;
  }
}

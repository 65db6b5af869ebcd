// POST /oauth/introspect — token introspection (RFC 7662). Client-authenticated, like the token
// endpoint. Any token that is not one of ours and currently valid is simply `{"active": false}`
// (§2.2): expired, revoked, foreign issuer, malformed, or its application is no longer active.
// The caller must also be allowed to learn about the token (§2.1, §4 — otherwise any client could
// scan for and read every other client's tokens): it is the token's own client, or an admin
// registered it as a resource server allowed to introspect one of the token's audiences. Anyone
// else gets the same `{"active": false}` as for an invalid token, so it learns nothing.
import { getRuntime, type Runtime } from "../runtime";
import type { CachedClient } from "../cache/client-cache";
import { errorCode, oauthErrorResponse } from "./errors";
import { fetchHandler, json, NO_STORE, type OAuthRequest, type OAuthResponse } from "./oauth-http";
import { readAuthenticatedRequest } from "./authenticated-request";
import { verifyAccessToken, type AccessTokenClaims } from "./verify-access-token";
import { publicOrigin } from "../config/public-origin";

const INACTIVE = { active: false } as const;

export async function handleIntrospectionRequest(req: OAuthRequest): Promise<OAuthResponse> {
  const started = performance.now();
  const rt = await getRuntime();
  try {
    const { client, token } = await readAuthenticatedRequest(rt, req, "introspection");
    const answered = (active: boolean) =>
      rt.events.emit("token.introspected", { clientId: client.clientId, active, durationMs: performance.now() - started });
    const inactive = () => {
      answered(false);
      return json(200, INACTIVE, NO_STORE);
    };
    const claims = await verifyAccessToken(rt.keys, token, publicOrigin(rt.config));
    if (!claims) return inactive();
    // In memory (lib/cache/introspector-cache.ts): an unauthorized caller costs no query.
    if (!(await mayIntrospect(rt, client, claims))) return inactive();
    const [revoked, owner] = await Promise.all([
      rt.prisma.revokedToken.findUnique({ where: { jti: claims.jti }, select: { jti: true } }),
      rt.clients.get(claims.client_id),
    ]);
    if (revoked || !owner || owner.status !== "active") return inactive();
    answered(true);
    return json(
      200,
      {
        active: true,
        client_id: claims.client_id,
        scope: claims.scope,
        aud: claims.aud,
        iss: claims.iss,
        sub: claims.sub,
        exp: claims.exp,
        iat: claims.iat,
        jti: claims.jti,
        token_type: "Bearer",
      },
      NO_STORE,
    );
  } catch (err) {
    const res = oauthErrorResponse(err, NO_STORE);
    rt.events.emit("oauth.error", { endpoint: "introspection", error: errorCode(err), status: res.status, durationMs: performance.now() - started });
    return res;
  }
}

/** §2.1: the token's own client, or a registered resource server of one of its audiences. */
async function mayIntrospect(rt: Runtime, caller: CachedClient, claims: AccessTokenClaims): Promise<boolean> {
  if (caller.clientId === claims.client_id) return true;
  const audiences = typeof claims.aud === "string" ? [claims.aud] : claims.aud;
  return rt.introspectors.mayIntrospect(caller.appId, audiences);
}

export const introspectionEndpoint = fetchHandler(handleIntrospectionRequest);

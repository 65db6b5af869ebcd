// POST /oauth/introspect — token introspection (RFC 7662). Client-authenticated, like the token
// endpoint. Any token that is not one of ours and currently valid is simply `{"active": false}`
// (§2.2): expired, revoked, foreign issuer, malformed, or its application is no longer active.
// The caller must also be allowed to learn about the token (§2.1, §4 — otherwise any client could
// scan for and read every other client's tokens): it is the token's own client, or an admin
// registered it as a resource server allowed to introspect one of the token's audiences. Anyone
// else gets the same `{"active": false}` as for an invalid token, so it learns nothing.
import type { CachedClient } from "../cache/client-cache";
import type { ClientAuthentication } from "./client-auth/client-authentication";
import type { EndpointHandler } from "./dispatch";
import type { EndpointContext } from "./endpoint-context";
import { json, NO_STORE } from "./oauth-http";
import { readAuthenticatedRequest } from "./authenticated-request";
import { verifyAccessToken, type AccessTokenClaims } from "./verify-access-token";
import { isRefreshTokenFormat, refreshTokenCodec } from "./refresh/refresh-token-codec";
import { introspectRefreshToken } from "./refresh/introspect-refresh-token";

const INACTIVE = { active: false } as const;

/**
 * token_type of an active token (RFC 7662 §2.2): "DPoP" for a token bound to a DPoP key by
 * cnf.jkt (RFC 9449 §6.2), else "Bearer" (RFC 6750; an RFC 8705 certificate-bound token is a
 * Bearer token too).
 */
export function introspectedTokenType(claims: Pick<AccessTokenClaims, "cnf">): "DPoP" | "Bearer" {
  return claims.cnf && typeof claims.cnf.jkt === "string" ? "DPoP" : "Bearer";
}

export function createIntrospectionEndpoint(endpoint: EndpointContext, clientAuth: ClientAuthentication): EndpointHandler {
  const { services } = endpoint;
  const refresh = { db: services.db, codec: refreshTokenCodec(services.config.secret), issuer: endpoint.issuer };
  /** §2.1: the token's own client, or a registered resource server of one of its audiences. */
  const mayIntrospect = async (caller: CachedClient, claims: AccessTokenClaims): Promise<boolean> => {
    if (caller.clientId === claims.client_id) return true;
    const audiences = typeof claims.aud === "string" ? [claims.aud] : claims.aud;
    return services.introspectors.mayIntrospect(caller.appId, audiences);
  };
  return async (req, exchange) => {
    const { client, token } = await readAuthenticatedRequest(endpoint, clientAuth, req);
    const answered = (active: boolean) =>
      services.events.emit("token.introspected", { clientId: client.clientId, active, durationMs: performance.now() - exchange.started });
    const inactive = () => {
      answered(false);
      return json(200, INACTIVE, NO_STORE);
    };
    // A refresh token (opt-in, lib/oauth/refresh) is told apart by its prefix; token_type_hint
    // (§2.1) is only a hint, and none is needed.
    if (isRefreshTokenFormat(token)) {
      const active = await introspectRefreshToken(refresh, client, token);
      if (!active) return inactive();
      answered(true);
      return json(200, active, NO_STORE);
    }
    const claims = await verifyAccessToken(services.keys, token, endpoint.issuer);
    if (!claims) return inactive();
    // In memory (lib/cache/introspector-cache.ts): an unauthorized caller costs no query.
    if (!(await mayIntrospect(client, claims))) return inactive();
    const [revoked, owner] = await Promise.all([
      services.prisma.revokedToken.findUnique({ where: { jti: claims.jti }, select: { jti: true } }),
      services.clients.get(claims.client_id),
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
        token_type: introspectedTokenType(claims),
        // RFC 7662 §2.2 allows more members; RFC 9449 §6.2 and RFC 8705 §3.2 return the
        // confirmation so a resource server can check the proof of possession.
        ...(claims.cnf ? { cnf: claims.cnf } : {}),
      },
      NO_STORE,
    );
  };
}

// POST /oauth/revoke — token revocation (RFC 7009). A client revokes its own access tokens; the
// jti is remembered until the token's own expiry, and introspection reports it inactive. A refresh
// token (opt-in, lib/oauth/refresh; told apart by its prefix, with or without
// token_type_hint=refresh_token) revokes its whole family: every token rotated from that grant.
// Unknown, malformed or already expired tokens get 200 too (§2.2: the client cannot do anything
// about them). Access tokens are self-contained JWTs: resource servers that only check the
// signature keep accepting one until it expires — revocation is seen by introspection.
import type { ClientAuthentication } from "./client-auth/client-authentication";
import type { EndpointHandler } from "./dispatch";
import type { EndpointContext } from "./endpoint-context";
import { invalidRequest } from "./errors";
import { NO_STORE } from "./oauth-http";
import { readAuthenticatedRequest } from "./authenticated-request";
import { verifyAccessToken } from "./verify-access-token";
import { isRefreshTokenFormat, refreshTokenCodec } from "./refresh/refresh-token-codec";
import { revokeRefreshFamily } from "./refresh/revoke-refresh-family";

export function createRevocationEndpoint(endpoint: EndpointContext, clientAuth: ClientAuthentication): EndpointHandler {
  const { services } = endpoint;
  const refreshCodec = refreshTokenCodec(services.config.secret);
  return async (req, exchange) => {
    const { client, token } = await readAuthenticatedRequest(endpoint, clientAuth, req);
    const refresh = isRefreshTokenFormat(token) ? refreshCodec.open(token) : null;
    if (refresh) {
      // §2.1, as for access tokens: only the client the token was issued to may revoke it.
      if (refresh.clientId !== client.clientId || refresh.appId !== client.appId) throw invalidRequest("the token was not issued to this client");
      // An expired token is dead already (§2.2: 200 all the same).
      if (refresh.exp > Date.now() / 1000) {
        await revokeRefreshFamily(
          services.prisma,
          { familyId: refresh.familyId, appId: client.appId, reason: "revoked", generation: refresh.generation },
          { type: "client", id: client.clientId, ip: req.remoteAddress, userAgent: req.header("user-agent") ?? null },
        );
      }
    }
    const claims = refresh ? null : await verifyAccessToken(services.keys, token, endpoint.issuer);
    if (claims) {
      // §2.1: the server verifies that the token was issued to the client making the request.
      if (claims.client_id !== client.clientId) throw invalidRequest("the token was not issued to this client");
      await services.prisma.revokedToken.upsert({
        where: { jti: claims.jti },
        create: { jti: claims.jti, applicationId: client.appId, expiresAt: new Date(claims.exp * 1000) },
        update: {},
      });
    }
    services.events.emit("token.revoked", { clientId: client.clientId, durationMs: performance.now() - exchange.started });
    return { status: 200, headers: { ...NO_STORE }, body: "" };
  };
}

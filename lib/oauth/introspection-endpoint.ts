// POST /oauth/introspect — token introspection (RFC 7662). Client-authenticated, like the token
// endpoint. Any token that is not one of ours and currently valid is simply `{"active": false}`
// (§2.2): expired, revoked, foreign issuer, malformed, or its application is no longer active.
import { getRuntime } from "../runtime";
import { oauthErrorResponse } from "./errors";
import { fetchHandler, json, NO_STORE, type OAuthRequest, type OAuthResponse } from "./oauth-http";
import { readAuthenticatedRequest } from "./authenticated-request";
import { verifyAccessToken } from "./verify-access-token";
import { publicOrigin } from "../config/public-origin";

const INACTIVE = { active: false } as const;

export async function handleIntrospectionRequest(req: OAuthRequest): Promise<OAuthResponse> {
  const rt = await getRuntime();
  try {
    const { token } = await readAuthenticatedRequest(rt, req);
    const claims = await verifyAccessToken(rt.keys, token, publicOrigin(rt.config));
    if (!claims) return json(200, INACTIVE, NO_STORE);
    const [revoked, owner] = await Promise.all([
      rt.prisma.revokedToken.findUnique({ where: { jti: claims.jti }, select: { jti: true } }),
      rt.clients.get(claims.client_id),
    ]);
    if (revoked || !owner || owner.status !== "active") return json(200, INACTIVE, NO_STORE);
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
    return oauthErrorResponse(err, NO_STORE);
  }
}

export const introspectionEndpoint = fetchHandler(handleIntrospectionRequest);

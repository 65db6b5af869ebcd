// POST /oauth/revoke — token revocation (RFC 7009). A client revokes its own access tokens; the
// jti is remembered until the token's own expiry, and introspection reports it inactive.
// Unknown, malformed or already expired tokens get 200 too (§2.2: the client cannot do anything
// about them). Access tokens are self-contained JWTs: resource servers that only check the
// signature keep accepting one until it expires — revocation is seen by introspection.
import { getRuntime } from "../runtime";
import { errorCode, invalidRequest, oauthErrorResponse } from "./errors";
import { fetchHandler, json, NO_STORE, type OAuthRequest, type OAuthResponse } from "./oauth-http";
import { readAuthenticatedRequest } from "./authenticated-request";
import { verifyAccessToken } from "./verify-access-token";
import { publicOrigin } from "../config/public-origin";

export async function handleRevocationRequest(req: OAuthRequest): Promise<OAuthResponse> {
  const started = performance.now();
  const rt = await getRuntime();
  try {
    const { client, token } = await readAuthenticatedRequest(rt, req, "revocation");
    const claims = await verifyAccessToken(rt.keys, token, publicOrigin(rt.config));
    if (claims) {
      // §2.1: the server verifies that the token was issued to the client making the request.
      if (claims.client_id !== client.clientId) throw invalidRequest("the token was not issued to this client");
      await rt.prisma.revokedToken.upsert({
        where: { jti: claims.jti },
        create: { jti: claims.jti, applicationId: client.appId, expiresAt: new Date(claims.exp * 1000) },
        update: {},
      });
    }
    rt.events.emit("token.revoked", { clientId: client.clientId, durationMs: performance.now() - started });
    return { status: 200, headers: { ...NO_STORE }, body: "" };
  } catch (err) {
    const res = oauthErrorResponse(err, NO_STORE);
    rt.events.emit("oauth.error", { endpoint: "revocation", error: errorCode(err), status: res.status, durationMs: performance.now() - started });
    return res;
  }
}

export const revocationEndpoint = fetchHandler(handleRevocationRequest);

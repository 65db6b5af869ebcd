// POST /oauth/token — client-credentials grant (RFC 6749 §4.4) issuing RFC 9068 JWT access tokens.
// A pipeline of small steps in spec order: no-store → body size and content type → duplicates →
// exactly one client authentication method → authenticate → grant type → scope and audience →
// issue. Nothing here writes to the database: usage is counted in memory (lib/usage).
import { getRuntime } from "../runtime";
import { errorCode, OAuthError, oauthErrorResponse } from "./errors";
import { fetchHandler, json, NO_STORE, type OAuthRequest, type OAuthResponse } from "./oauth-http";
import { readParams } from "./read-params";
import { presentedCredentials } from "./client-credentials";
import { authenticateWithinLimits } from "./authenticate-within-limits";
import { checkGrantType, resolveAudience, resolveScope } from "./token-request-rules";
import { publicOrigin } from "../config/public-origin";
import { randomTokenId } from "../crypto/random-id";

export async function handleTokenRequest(req: OAuthRequest): Promise<OAuthResponse> {
  // Latency for the metrics (lib/metrics) runs from here, the handler's start, to the response.
  const started = performance.now();
  const rt = await getRuntime();
  let clientId: string | undefined;
  try {
    if (req.method !== "POST") throw new OAuthError("invalid_request", "use POST", 405, { Allow: "POST" });
    const params = readParams(req);
    const creds = presentedCredentials(req.header("authorization"), params);
    clientId = creds.clientId;
    const client = await authenticateWithinLimits(rt, "token", req.remoteAddress, creds);
    checkGrantType(params, client);
    const scope = resolveScope(params.get("scope"), client);
    const aud = resolveAudience(params, client);

    const signer = await rt.keys.signer();
    const iat = Math.floor(Date.now() / 1000);
    const expiresIn = client.tokenLifetime;
    // RFC 9068 §2.2 claims.
    const accessToken = await signer.sign({
      iss: publicOrigin(rt.config),
      sub: client.clientId,
      aud,
      exp: iat + expiresIn,
      iat,
      jti: randomTokenId(),
      client_id: client.clientId,
      scope,
    });
    rt.usage.issued(client.appId);
    const res = json(200, { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn, scope }, NO_STORE);
    rt.events.emit("token.issued", { clientId: client.clientId, appId: client.appId, durationMs: performance.now() - started });
    return res;
  } catch (err) {
    // Only what is cached already: an error answer never waits for (or costs) a database query.
    const known = clientId ? rt.clients.peek(clientId) : null;
    const error = errorCode(err);
    rt.usage.failed(error, known?.appId);
    const res = oauthErrorResponse(err, NO_STORE);
    rt.events.emit("oauth.error", { endpoint: "token", error, status: res.status, durationMs: performance.now() - started, appId: known?.appId });
    return res;
  }
}

export const tokenEndpoint = fetchHandler(handleTokenRequest);

// grant_type=client_credentials (RFC 6749 §4.4): the client acts on its own behalf. Scope and
// audience are checked against the client (RFC 6749 §3.3, RFC 8707 §2), then the token is issued.
import { issueAccessToken } from "../issue-access-token";
import { resolveAudience, resolveScope } from "../token-request-rules";
import type { GrantHandler } from "./grant-handler";

export const clientCredentialsGrant: GrantHandler = {
  type: "client_credentials",
  async handle({ endpoint, params, client }, binding) {
    const scope = resolveScope(params.get("scope"), client);
    const aud = resolveAudience(params, client);
    const accessToken = await issueAccessToken(endpoint.services.keys, { issuer: endpoint.issuer, client, scope, aud, cnf: binding?.cnf });
    // RFC 6749 §5.1; §4.4.3: no refresh token for this grant.
    return { access_token: accessToken, token_type: binding ? binding.tokenType : "Bearer", expires_in: client.tokenLifetime, scope };
  },
};

// grant_type=client_credentials (RFC 6749 §4.4): the client acts on its own behalf. Scope and
// audience are checked against the client (RFC 6749 §3.3, RFC 8707 §2), then the token is issued.
import { issueAccessToken } from "../issue-access-token";
import { resolveAudience, resolveScope } from "../token-request-rules";
import { issueNewRefreshToken } from "../refresh/issue-new-refresh-token";
import { organizationClaims } from "../organization";
import type { GrantHandler } from "./grant-handler";

export const clientCredentialsGrant: GrantHandler = {
  type: "client_credentials",
  async handle({ endpoint, params, client }, binding) {
    const scope = resolveScope(params.get("scope"), client);
    // A vendor profile's path (lib/oauth/profiles) may name the default audience and add claims.
    const { claims } = endpoint;
    const aud = resolveAudience(params, client, claims?.defaultAudience);
    const accessToken = await issueAccessToken(endpoint.services.keys, {
      issuer: endpoint.issuer,
      client,
      scope,
      aud,
      cnf: binding?.cnf,
      // `organization` (the app's team, Auth0-style) adds org_id / org_name; absent, nothing changes.
      extraClaims: organizationClaims(params, client, claims?.extraClaims),
    });
    // RFC 6749 §5.1. §4.4.3: a refresh token SHOULD NOT be issued here — only for applications
    // that opted in; it is sealed, not stored, so this path still writes nothing (lib/oauth/refresh).
    const token_type = binding ? binding.tokenType : "Bearer";
    if (!client.refreshTokens) return { access_token: accessToken, token_type, expires_in: client.tokenLifetime, scope };
    return { access_token: accessToken, token_type, expires_in: client.tokenLifetime, scope, refresh_token: issueNewRefreshToken(endpoint.services.config.secret, client, scope, aud) };
  },
};

// The "access-analyzer" profile: POST /token, for integrations written against a token service
// that speaks plain RFC 6749 with two differences its clients rely on:
//  - success: {access_token, token_type: "bearer" (lower case, RFC 6749 §5.1 lets it be either),
//    expires_in, refresh_token (only for applications with refresh tokens on), scope}, with
//    Cache-Control: no-store and Pragma: no-cache;
//  - a blocked client (too many failed authentications, RFC 6749 §10.10) is 401 invalid_client,
//    like an invalid or disabled one, still with Retry-After.
// Form body only (application/x-www-form-urlencoded, RFC 6749 §4.4.2), client authentication in
// it or by HTTP Basic; grant_type client_credentials or refresh_token (lib/oauth/grants).
import { RFC6749_DIALECT } from "../dialects/rfc6749";
import type { ResponseDialect, TokenResponseBody } from "../dialects/response-dialect";
import { INVALID_CLIENT_CHALLENGE, invalidRequest, OAuthError } from "../errors";
import { json } from "../oauth-http";
import { readParams } from "../read-params";
import { mediaTypeOf } from "./profile-params";
import { RFC6749_ERROR_DOCS } from "./rfc6749-error-docs";
import type { TokenProfile } from "./token-profile";

export const ACCESS_ANALYZER_PATH = "/token";
const FORM = "application/x-www-form-urlencoded";

const ACCESS_ANALYZER_DIALECT: ResponseDialect = {
  name: "access-analyzer",
  paths: { ...RFC6749_DIALECT.paths, token: ACCESS_ANALYZER_PATH },
  errorResponse(err, headers) {
    if (err.status !== 429) return RFC6749_DIALECT.errorResponse(err, headers);
    // Blocked: the same answer as a refused client, keeping the limiter's Retry-After.
    const blocked = new OAuthError("invalid_client", err.description, 401, { ...err.headers, "WWW-Authenticate": INVALID_CLIENT_CHALLENGE });
    return RFC6749_DIALECT.errorResponse(blocked, headers);
  },
  tokenResponse(body, headers) {
    const out: Omit<TokenResponseBody, "scope"> & { scope: string } = {
      access_token: body.access_token,
      token_type: body.token_type === "Bearer" ? "bearer" : body.token_type,
      expires_in: body.expires_in,
      ...(body.refresh_token !== undefined ? { refresh_token: body.refresh_token } : {}),
      scope: body.scope,
    };
    return json(200, out, headers);
  },
};

export const ACCESS_ANALYZER_PROFILE: TokenProfile = {
  name: "access-analyzer",
  title: "Access Analyzer token service",
  summary: 'Form body or HTTP Basic; token_type "bearer"; refresh_token for apps with refresh tokens on; a blocked client is 401.',
  path: ACCESS_ANALYZER_PATH,
  contentTypes: [FORM],
  dialect: ACCESS_ANALYZER_DIALECT,
  readParams(req) {
    // The size cap first (413), as everywhere; then only a form is a token request here.
    if (!req.bodyTooLarge && mediaTypeOf(req) !== FORM) throw invalidRequest(`content-type must be ${FORM}`);
    return readParams(req);
  },
  grantTypes: ["client_credentials", "refresh_token"],
  errorFormat: 'RFC 6749 §5.2 JSON {"error": "…", "error_description": "…"}; a blocked client is 401 invalid_client.',
  errorCodeField: "error",
  errors: [
    ...RFC6749_ERROR_DOCS.filter((e) => e.status !== 429),
    { status: 401, code: "invalid_client", when: "Also for a blocked client: too many failed client authentications from this address (with Retry-After)." },
    { status: 400, code: "invalid_grant", when: "grant_type=refresh_token with an unknown, expired, used or revoked refresh token." },
  ],
  examples: (url) => [
    {
      label: "HTTP Basic, form body",
      code: `curl -s -X POST '${url}' \\
  -u "$KEYPORT_CLIENT_ID:$KEYPORT_CLIENT_SECRET" \\
  -d grant_type=client_credentials \\
  -d scope=application.client`,
    },
    {
      label: "Refresh (applications with refresh tokens on)",
      code: `curl -s -X POST '${url}' \\
  -u "$KEYPORT_CLIENT_ID:$KEYPORT_CLIENT_SECRET" \\
  -d grant_type=refresh_token \\
  --data-urlencode refresh_token="$KEYPORT_REFRESH_TOKEN"`,
    },
  ],
};

// The "ciam" profile: POST /ciam-mfa/v2/get/token, for integrations written against a CIAM/MFA
// service's client-credentials endpoint. JSON body (form too) with client_id and client_secret
// (or HTTP Basic), optional space-separated `scope`, optional `audience`/`resource`.
//  - grant_type "client_credentials", or — on this path only — the literal "client_credential"
//    of that service's documented example;
//  - success: exactly {access_token, token_type: "Bearer", expires_in} (no `scope`);
//  - the token: RFC 9068 claims signed with the deployment's key (RS256 with kid by default),
//    plus `authorization_details: []` (RFC 9396 §2: none granted), and `aud` = the client_id when
//    the request asked for no audience (that service's tokens are audienced to their client);
//  - errors: RFC 6749 §5.2 JSON, as on /oauth/token (that service's own error shape is not
//    documented in the issue).
import { RFC6749_DIALECT } from "../dialects/rfc6749";
import type { ResponseDialect } from "../dialects/response-dialect";
import { json } from "../oauth-http";
import { readParams } from "../read-params";
import type { TokenClaimsHook } from "../token-claims-hook";
import { withGrantType } from "./profile-params";
import { RFC6749_ERROR_DOCS } from "./rfc6749-error-docs";
import type { TokenProfile } from "./token-profile";

export const CIAM_PATH = "/ciam-mfa/v2/get/token";
/** That service's documented example spells the grant without its final "s". */
export const CIAM_GRANT_ALIAS = "client_credential";

const CLAIMS: TokenClaimsHook = {
  defaultAudience: (client) => client.clientId,
  // Built once: every token carries the same (empty) list.
  extraClaims: Object.freeze({ authorization_details: Object.freeze([]) }),
};

const CIAM_DIALECT: ResponseDialect = {
  name: "ciam",
  paths: { ...RFC6749_DIALECT.paths, token: CIAM_PATH },
  errorResponse: (err, headers) => RFC6749_DIALECT.errorResponse(err, headers),
  tokenResponse: (body, headers) => json(200, { access_token: body.access_token, token_type: body.token_type, expires_in: body.expires_in }, headers),
};

export const CIAM_PROFILE: TokenProfile = {
  name: "ciam",
  title: "CIAM / MFA token service",
  summary: 'JSON (or form) body; grant_type "client_credentials" or "client_credential"; answers {access_token, token_type, expires_in}.',
  path: CIAM_PATH,
  contentTypes: ["application/json", "application/x-www-form-urlencoded"],
  dialect: CIAM_DIALECT,
  readParams(req) {
    const params = readParams(req);
    return params.get("grant_type") === CIAM_GRANT_ALIAS ? withGrantType(params, "client_credentials") : params;
  },
  grantTypes: ["client_credentials"],
  claims: CLAIMS,
  errorFormat: 'RFC 6749 §5.2 JSON {"error": "…", "error_description": "…"}, as on /oauth/token.',
  errorCodeField: "error",
  errors: RFC6749_ERROR_DOCS,
  examples: (url) => [
    {
      label: "JSON body",
      code: `curl -s -X POST '${url}' \\
  -H 'Content-Type: application/json' \\
  -d "{\\"grant_type\\":\\"client_credentials\\",\\"client_id\\":\\"$KEYPORT_CLIENT_ID\\",\\"client_secret\\":\\"$KEYPORT_CLIENT_SECRET\\",\\"scope\\":\\"application.client\\"}"`,
    },
  ],
};

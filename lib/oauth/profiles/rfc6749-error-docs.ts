// The RFC 6749 §5.2 errors of the token pipeline, as /docs lists them for a profile that answers
// errors in the RFC dialect (lib/oauth/dialects/rfc6749.ts).
import type { ProfileErrorDoc } from "./token-profile";

export const RFC6749_ERROR_DOCS: readonly ProfileErrorDoc[] = [
  { status: 400, code: "invalid_request", when: "A parameter is missing, repeated or malformed; unsupported content type; more than one client authentication method." },
  { status: 401, code: "invalid_client", when: "Unknown client, wrong, expired or revoked secret, disabled or pending application (with WWW-Authenticate)." },
  { status: 400, code: "unsupported_grant_type", when: "A grant type this path does not accept." },
  { status: 400, code: "unauthorized_client", when: "The application may not use this grant type." },
  { status: 400, code: "invalid_scope", when: "A scope the application does not hold." },
  { status: 400, code: "invalid_target", when: "An audience or resource the application may not use." },
  { status: 405, code: "invalid_request", when: "Not POST (with Allow: POST)." },
  { status: 413, code: "invalid_request", when: "Body over 8 KiB." },
  { status: 429, code: "temporarily_unavailable", when: "Too many failed client authentications from this address (with Retry-After)." },
  { status: 503, code: "temporarily_unavailable", when: "The database is unreachable and the client is not cached (with Retry-After)." },
  { status: 500, code: "server_error", when: "Unexpected error on Keyport's side; the detail is logged, never returned." },
];

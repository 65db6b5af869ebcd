// A response dialect: where the endpoints live and what their answers look like. The RFC dialect
// (RFC 6749 §5.1/§5.2, RFC 8414, RFC 7662, RFC 7009) is the only one today; a vendor dialect (the
// compatibility issue) may move paths and reshape error bodies without touching a single step.
import type { OAuthError } from "../errors";
import type { OAuthResponse } from "../oauth-http";

export interface OAuthPaths {
  token: string;
  introspection: string;
  revocation: string;
  jwks: string;
  /** RFC 8414 §3. */
  authorizationServerMetadata: string;
  /** OpenID Connect Discovery 1.0 §4. */
  openidConfiguration: string;
}

/** RFC 6749 §5.1 (and RFC 9449 §5 for token_type DPoP). */
export interface TokenResponseBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  /** Only for applications with refresh tokens on (opt-in; RFC 6749 §4.4.3, lib/oauth/refresh). */
  refresh_token?: string;
}

export interface ResponseDialect {
  readonly name: string;
  readonly paths: Readonly<OAuthPaths>;
  /** The response for an error (already normalized: lib/oauth/errors.ts toOAuthError). */
  errorResponse(err: OAuthError, headers?: Record<string, string>): OAuthResponse;
  /** The response for an issued token. */
  tokenResponse(body: TokenResponseBody, headers?: Record<string, string>): OAuthResponse;
}

// OAuth 2.0 errors (RFC 6749 §5.2, RFC 7009 §2.2.1, RFC 8707 §2) and their one serializer.
// Unexpected errors become `server_error` with the detail logged, never returned.
import { log, errorFields } from "../log";
import { json, type OAuthResponse } from "./oauth-http";

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "invalid_target"
  | "unsupported_token_type"
  | "server_error"
  | "temporarily_unavailable";

/** RFC 6749 §5.2: the challenge sent with every invalid_client (we only accept Basic-style secrets). */
export const INVALID_CLIENT_CHALLENGE = 'Basic realm="keyport", charset="UTF-8"';

export class OAuthError extends Error {
  override name = "OAuthError";
  constructor(
    readonly error: OAuthErrorCode,
    readonly description?: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(description ?? error);
  }
}

export const invalidRequest = (d: string) => new OAuthError("invalid_request", d);
export const invalidClient = (d = "client authentication failed") =>
  new OAuthError("invalid_client", d, 401, { "WWW-Authenticate": INVALID_CLIENT_CHALLENGE });

/** The one place an error becomes a response. */
export function oauthErrorResponse(err: unknown, extraHeaders?: Record<string, string>): OAuthResponse {
  if (err instanceof OAuthError) {
    const body: Record<string, string> = { error: err.error };
    if (err.description) body.error_description = err.description;
    return json(err.status, body, { ...extraHeaders, ...err.headers });
  }
  log.error("unexpected error in an OAuth endpoint", errorFields(err));
  return json(500, { error: "server_error" }, extraHeaders);
}

export function errorCode(err: unknown): OAuthErrorCode {
  return err instanceof OAuthError ? err.error : "server_error";
}

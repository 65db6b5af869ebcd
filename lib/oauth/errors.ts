// OAuth 2.0 errors (RFC 6749 §5.2, RFC 7009 §2.2.1, RFC 8707 §2, RFC 9449 §5 and §8) and their
// one normalizer: whatever a step throws becomes an OAuthError here (toOAuthError), which the
// response dialect then serializes (lib/oauth/dialects). The one place that happens is the
// dispatcher (lib/oauth/dispatch.ts). Unexpected errors become `server_error` with the detail
// logged, never returned.
import { log, errorFields } from "../log";
import type { OAuthResponse } from "./oauth-http";
import { RFC6749_DIALECT } from "./dialects/rfc6749";
import { isDatabaseUnavailable } from "../db/database-unavailable";

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
  | "temporarily_unavailable"
  /** RFC 9449 §5: the DPoP proof is missing where required, malformed or fails a check (400). */
  | "invalid_dpop_proof"
  /** RFC 9449 §8: the server requires a nonce in the DPoP proof (400, with a DPoP-Nonce header). */
  | "use_dpop_nonce";

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

/** Seconds a client should wait before retrying while the database is unavailable (RFC 9110 §10.2.3). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * The database is unreachable, timed out or overloaded: 503 `temporarily_unavailable` (the code
 * RFC 6749 §4.1.2.1 defines for "temporarily overloaded or under maintenance"; RFC 6749 §5.2 lets
 * the token endpoint use it as an extension) with Retry-After, never cached — the client may retry.
 */
export const temporarilyUnavailable = () =>
  new OAuthError("temporarily_unavailable", "the authorization server is temporarily unavailable; try again shortly", 503, {
    "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS),
    "Cache-Control": "no-store",
    Pragma: "no-cache",
  });

const UNAVAILABLE_LOG_INTERVAL_MS = 10_000;
let lastUnavailableLog = 0;

/** What an unexpected error becomes: the detail is logged, never returned (RFC 6749 §5.2 server_error). */
const SERVER_ERROR = new OAuthError("server_error", undefined, 500);

/**
 * Whatever a step threw, as the OAuthError to answer with: OAuthErrors as they are, a database
 * outage as 503 temporarily_unavailable, anything else as a logged server_error.
 */
export function toOAuthError(err: unknown): OAuthError {
  if (err instanceof OAuthError) return err;
  if (isDatabaseUnavailable(err)) {
    // Expected during an outage and possibly thousands a second: one line, no stack, at most one
    // every few seconds (db.error events count every failure).
    const now = Date.now();
    if (now - lastUnavailableLog > UNAVAILABLE_LOG_INTERVAL_MS) {
      lastUnavailableLog = now;
      log.warn("OAuth requests refused: database unavailable", { error: err instanceof Error ? err.message.split("\n").pop() : String(err) });
    }
    return temporarilyUnavailable();
  }
  log.error("unexpected error in an OAuth endpoint", errorFields(err));
  return SERVER_ERROR;
}

/** Any error as the RFC dialect's response (lib/oauth/dialects/rfc6749.ts), outside an endpoint's dispatcher. */
export function oauthErrorResponse(err: unknown, extraHeaders?: Record<string, string>): OAuthResponse {
  return RFC6749_DIALECT.errorResponse(toOAuthError(err), extraHeaders);
}

export function errorCode(err: unknown): OAuthErrorCode {
  if (err instanceof OAuthError) return err.error;
  return isDatabaseUnavailable(err) ? "temporarily_unavailable" : "server_error";
}

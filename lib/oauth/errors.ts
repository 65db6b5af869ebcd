// OAuth 2.0 errors (RFC 6749 §5.2, RFC 7009 §2.2.1, RFC 8707 §2) and their one serializer.
// Unexpected errors become `server_error` with the detail logged, never returned.
import { log, errorFields } from "../log";
import { json, type OAuthResponse } from "./oauth-http";
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

/** The one place an error becomes a response. */
export function oauthErrorResponse(err: unknown, extraHeaders?: Record<string, string>): OAuthResponse {
  if (!(err instanceof OAuthError) && isDatabaseUnavailable(err)) {
    // Expected during an outage and possibly thousands a second: one line, no stack, at most one
    // every few seconds (db.error events count every failure).
    const now = Date.now();
    if (now - lastUnavailableLog > UNAVAILABLE_LOG_INTERVAL_MS) {
      lastUnavailableLog = now;
      log.warn("OAuth requests refused: database unavailable", { error: err instanceof Error ? err.message.split("\n").pop() : String(err) });
    }
    err = temporarilyUnavailable();
  }
  if (err instanceof OAuthError) {
    const body: Record<string, string> = { error: err.error };
    if (err.description) body.error_description = err.description;
    return json(err.status, body, { ...extraHeaders, ...err.headers });
  }
  log.error("unexpected error in an OAuth endpoint", errorFields(err));
  return json(500, { error: "server_error" }, extraHeaders);
}

export function errorCode(err: unknown): OAuthErrorCode {
  if (err instanceof OAuthError) return err.error;
  return isDatabaseUnavailable(err) ? "temporarily_unavailable" : "server_error";
}

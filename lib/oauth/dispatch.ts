// The one dispatcher: every endpoint's errors become their response here (as oidc-provider's
// lib/shared/error_handler.js), in the server's dialect — no handler catches and serializes on
// its own. A handler throws; toOAuthError (lib/oauth/errors.ts) normalizes (database outage →
// 503, anything unexpected → logged server_error); the dialect writes the body; `onError` lets
// the endpoint report it (the oauth.error event) with what the request had revealed by then.
import type { ResponseDialect } from "./dialects/response-dialect";
import { toOAuthError, type OAuthError } from "./errors";
import type { OAuthHandler, OAuthRequest, OAuthResponse } from "./oauth-http";

/** Per-request facts the dispatcher needs on the error path. */
export interface Exchange {
  /** performance.now() when the handler started: latency for the metrics runs from here. */
  readonly started: number;
  /** The client the request claimed to be, once known (error events name its application). */
  clientId: string | undefined;
  /** The client-authentication method and grant type, once read (the request log names them). */
  authMethod?: string;
  grantType?: string;
  scope?: string;
  /** The request's source address. */
  ip?: string;
}

export type EndpointHandler = (req: OAuthRequest, exchange: Exchange) => Promise<OAuthResponse>;

export interface DispatchOptions {
  dialect: ResponseDialect;
  /** Headers on every error answer of this endpoint (RFC 6749 §5.1 no-store for the token endpoints). */
  errorHeaders?: Record<string, string>;
  onError?: (exchange: Exchange, error: OAuthError, status: number) => void;
}

export function dispatch(handler: EndpointHandler, { dialect, errorHeaders, onError }: DispatchOptions): OAuthHandler {
  return async (req) => {
    const exchange: Exchange = { started: performance.now(), clientId: undefined, ip: req.remoteAddress };
    try {
      return await handler(req, exchange);
    } catch (err) {
      const e = toOAuthError(err);
      const res = dialect.errorResponse(e, errorHeaders);
      onError?.(exchange, e, res.status);
      return res;
    }
  };
}

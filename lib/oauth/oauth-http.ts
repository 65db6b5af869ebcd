// The framework-free request/response shape of the OAuth endpoints, and adapters to and from the
// Fetch API (`Request`/`Response`, used by Next's route handlers). Keyport's production server
// (server/main.ts) builds OAuthRequest straight from node:http — skipping the cost of
// constructing Fetch objects on the hot path — and calls the very same handler functions.

import { CLIENT_ADDRESS_HEADER } from "../http/client-address";
import { CappedBody, declaresTooLarge, MAX_BODY_BYTES } from "../http/capped-body";

export { MAX_BODY_BYTES };

export interface OAuthRequest {
  method: string;
  /** Lower-case header name → value. */
  header(name: string): string | undefined;
  /** Raw body as text ('' when there is none). */
  body: string;
  /** The body exceeded MAX_BODY_BYTES and was not read. */
  bodyTooLarge: boolean;
  /**
   * The client's source address (lib/http/client-address.ts: the socket peer, or X-Forwarded-For
   * when KEYPORT_TRUST_PROXY says how many proxies to believe). Rate limits key on it.
   */
  remoteAddress: string;
}

export interface OAuthResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type OAuthHandler = (req: OAuthRequest) => Promise<OAuthResponse>;

/** RFC 6749 §5.1: responses carrying tokens or credentials must not be cached. */
export const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

export function json(status: number, body: unknown, headers?: Record<string, string>): OAuthResponse {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

/** The body through the one cap (lib/http/capped-body.ts); the rest of an oversized stream is cancelled. */
async function readCapped(request: Request): Promise<{ body: string; tooLarge: boolean }> {
  if (declaresTooLarge(request.headers.get("content-length"))) return { body: "", tooLarge: true };
  if (!request.body) return { body: "", tooLarge: false };
  const reader = request.body.getReader();
  const body = new CappedBody();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!body.push(value)) {
      await reader.cancel().catch(() => {});
      return { body: "", tooLarge: true };
    }
  }
  return { body: body.text(), tooLarge: false };
}

export async function fromFetchRequest(request: Request): Promise<OAuthRequest> {
  const { body, tooLarge } = await readCapped(request);
  return {
    method: request.method,
    header: (name) => request.headers.get(name) ?? undefined,
    body,
    bodyTooLarge: tooLarge,
    // Route handlers run behind Keyport's server, which sets this from the socket (or under
    // `next dev`, where there is no such server and the address is unknown).
    remoteAddress: request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown",
  };
}

export function toFetchResponse(r: OAuthResponse): Response {
  return new Response(r.body, { status: r.status, headers: r.headers });
}

/** Wrap a handler as a Fetch-API route handler: `(Request) => Promise<Response>`. */
export function fetchHandler(handler: OAuthHandler): (request: Request) => Promise<Response> {
  return async (request) => toFetchResponse(await handler(await fromFetchRequest(request)));
}

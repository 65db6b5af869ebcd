// The framework-free request/response shape of the OAuth endpoints, and adapters to and from the
// Fetch API (`Request`/`Response`, used by Next's route handlers). Keyport's production server
// (server/main.ts) builds OAuthRequest straight from node:http — skipping the cost of
// constructing Fetch objects on the hot path — and calls the very same handler functions.

export interface OAuthRequest {
  method: string;
  /** Lower-case header name → value. */
  header(name: string): string | undefined;
  /** Raw body as text ('' when there is none). */
  body: string;
  /** The body exceeded MAX_BODY_BYTES and was not read. */
  bodyTooLarge: boolean;
  /** scheme://host[:port] the client used (for the default issuer). */
  origin: string;
}

export interface OAuthResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type OAuthHandler = (req: OAuthRequest) => Promise<OAuthResponse>;

/** Token, introspection and revocation requests are small; anything bigger is refused early. */
export const MAX_BODY_BYTES = 8 * 1024;

/** RFC 6749 §5.1: responses carrying tokens or credentials must not be cached. */
export const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

export function json(status: number, body: unknown, headers?: Record<string, string>): OAuthResponse {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

/** scheme://host from the Host header; https only when a proxy says so. */
export function originFrom(host: string | undefined, forwardedProto: string | undefined, fallback: string): string {
  if (!host || !/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return fallback;
  const proto = forwardedProto?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
}

async function readCapped(request: Request): Promise<{ body: string; tooLarge: boolean }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { body: "", tooLarge: true };
  if (!request.body) return { body: "", tooLarge: false };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return { body: "", tooLarge: true };
    }
    chunks.push(value);
  }
  return { body: Buffer.concat(chunks).toString("utf8"), tooLarge: false };
}

export async function fromFetchRequest(request: Request): Promise<OAuthRequest> {
  const { body, tooLarge } = await readCapped(request);
  const fallback = new URL(request.url).origin;
  return {
    method: request.method,
    header: (name) => request.headers.get(name) ?? undefined,
    body,
    bodyTooLarge: tooLarge,
    origin: originFrom(request.headers.get("host") ?? undefined, request.headers.get("x-forwarded-proto") ?? undefined, fallback),
  };
}

export function toFetchResponse(r: OAuthResponse): Response {
  return new Response(r.body, { status: r.status, headers: r.headers });
}

/** Wrap a handler as a Fetch-API route handler: `(Request) => Promise<Response>`. */
export function fetchHandler(handler: OAuthHandler): (request: Request) => Promise<Response> {
  return async (request) => toFetchResponse(await handler(await fromFetchRequest(request)));
}

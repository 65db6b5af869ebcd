// Which client authentication method a request used — exactly one (RFC 6749 §2.3).
import { isWellFormedClientId } from "../crypto/credentials";
import { invalidClient, invalidRequest } from "./errors";
import type { Params } from "./read-params";

export interface PresentedCredentials {
  method: "client_secret_basic" | "client_secret_post";
  clientId: string;
  clientSecret: string;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined for Basic. */
function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, " "));
}

function parseBasic(value: string): { clientId: string; clientSecret: string } {
  const m = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(value);
  if (!m) throw invalidClient("malformed HTTP Basic credentials");
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw invalidClient("malformed HTTP Basic credentials");
  try {
    const clientId = formDecode(decoded.slice(0, colon));
    const clientSecret = formDecode(decoded.slice(colon + 1));
    if (!clientId || !clientSecret) throw invalidClient("malformed HTTP Basic credentials");
    return { clientId, clientSecret };
  } catch (err) {
    if (err instanceof URIError) throw invalidClient("client_id and client_secret must be form-urlencoded in HTTP Basic");
    throw err;
  }
}

/**
 * A client_id that cannot be one (over 128 characters, control characters, NUL included) fails
 * client authentication here, before any cache or database work: it costs neither memory nor a
 * query, and never reaches PostgreSQL (which refuses NUL in text with an error).
 */
function checkClientId(clientId: string): void {
  if (!isWellFormedClientId(clientId)) throw invalidClient("malformed client_id");
}

export function presentedCredentials(authorization: string | undefined, params: Params): PresentedCredentials {
  const bodyId = params.get("client_id");
  const bodySecret = params.get("client_secret");
  if (bodyId !== undefined) checkClientId(bodyId);
  if (authorization !== undefined && authorization !== "") {
    if (!/^Basic /i.test(authorization)) throw invalidClient("unsupported authentication scheme; use HTTP Basic");
    const basic = parseBasic(authorization);
    checkClientId(basic.clientId);
    // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
    if (bodySecret !== undefined) throw invalidRequest("more than one client authentication method was used");
    if (bodyId !== undefined && bodyId !== basic.clientId) {
      throw invalidRequest("client_id in the body does not match the HTTP Basic credentials");
    }
    return { method: "client_secret_basic", ...basic };
  }
  if (bodyId !== undefined && bodySecret !== undefined) {
    return { method: "client_secret_post", clientId: bodyId, clientSecret: bodySecret };
  }
  throw invalidClient("client authentication required (HTTP Basic, or client_id and client_secret in the body)");
}

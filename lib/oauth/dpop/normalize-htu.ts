// The `htu` comparison of RFC 9449 §4.3 item 9: the proof's URI and the endpoint's URI are compared
// after syntax-based (RFC 3986 §6.2.2) and scheme-based (§6.2.3) normalization, so that
// `HTTPS://Auth.Example.COM:443/oauth/%74oken` and `https://auth.example.com/oauth/token` are the
// same target while any other host, port, path or scheme is not.
//
// WHATWG URL parsing already does most of it: lower-cases the scheme and host (§6.2.2.1), drops
// the scheme's default port and turns an empty path into "/" (§6.2.3), and removes dot segments
// (§6.2.2.3). What it leaves is percent-encoding (§6.2.2.2): hex digits are upper-cased and
// octets of unreserved characters decoded, here.

/** Upper bound on an `htu` we even try to parse (a real endpoint URL is a few dozen bytes). */
export const MAX_HTU_LENGTH = 2048;

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

function normalizePercentEncoding(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

export type NormalizedHtu =
  | { ok: true; uri: string }
  | { ok: false; reason: "unparsable" | "not_http" | "has_query_or_fragment" | "has_userinfo" };

/**
 * Normalize an http(s) URI for comparison. RFC 9449 §4.2 defines `htu` as the target URI
 * "without query and fragment parts": a proof that carries one is refused, not silently trimmed
 * (the client built it for some other target).
 */
export function normalizeHtu(value: string): NormalizedHtu {
  if (value.length === 0 || value.length > MAX_HTU_LENGTH) return { ok: false, reason: "unparsable" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: "unparsable" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "not_http" };
  // An empty "?" or "#" leaves search/hash empty but is still a query/fragment component.
  if (url.search !== "" || url.hash !== "" || value.includes("?") || value.includes("#")) {
    return { ok: false, reason: "has_query_or_fragment" };
  }
  // RFC 9110 §4.2.4: userinfo is not part of an http(s) target URI.
  if (url.username !== "" || url.password !== "") return { ok: false, reason: "has_userinfo" };
  return { ok: true, uri: `${url.protocol}//${url.host}${normalizePercentEncoding(url.pathname)}` };
}

/** The normalized form of one of our own endpoint URLs (built from the public origin). */
export function normalizeEndpointUrl(url: string): string {
  const n = normalizeHtu(url);
  if (!n.ok) throw new Error(`not a valid endpoint URL for DPoP (${n.reason})`);
  return n.uri;
}

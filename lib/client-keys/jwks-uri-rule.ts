// Which jwks_uri Keyport will fetch (RFC 7591 §2 `jwks_uri`; OpenID Connect Core §10.1.1), and
// which addresses it will connect to. The rule, documented for owners and operators:
//
//   - https:// only, no user:password@, no fragment, at most 2048 characters;
//   - the host must resolve to a public address: loopback, private (RFC 1918, RFC 4193),
//     link-local (169.254/16 — cloud metadata services live there — and fe80::/10), CGNAT,
//     multicast and unspecified addresses are refused, checked on the address actually connected
//     to, so DNS rebinding cannot slip past;
//   - KEYPORT_JWKS_URI_ALLOW_PRIVATE=1 (development and tests only) lifts the address check and
//     additionally accepts http:// for loopback hosts (localhost, 127.0.0.0/8, [::1]).
//
// A server-side fetch of an owner-supplied URL is a classic SSRF path (OWASP SSRF prevention):
// without these checks an owner could make Keyport probe its own network.
import net from "node:net";
import { AppError } from "../errors/app-error";

export const MAX_JWKS_URI_LENGTH = 2048;

export interface JwksUriPolicy {
  /** KEYPORT_JWKS_URI_ALLOW_PRIVATE. */
  allowPrivate: boolean;
}

function invalid(message: string): AppError {
  return new AppError("invalid_input", message, { jwksUri: [message] });
}

function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (net.isIPv4(h)) return h.startsWith("127.");
  return h === "::1";
}

/** Validate (and normalize) a jwks_uri as an owner enters it. Throws AppError on field `jwksUri`. */
export function checkJwksUri(input: string, policy: JwksUriPolicy): string {
  const value = input.trim();
  if (!value) throw invalid("Enter the URL of your JWKS.");
  if (value.length > MAX_JWKS_URI_LENGTH) throw invalid(`The URL is longer than ${MAX_JWKS_URI_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid("Not a URL.");
  }
  if (url.username || url.password) throw invalid("The URL must not contain a user name or password.");
  if (url.hash) throw invalid("The URL must not contain a fragment (#…).");
  if (url.protocol === "http:") {
    if (!(policy.allowPrivate && isLoopbackHost(url.hostname))) throw invalid("The jwks_uri must use https://.");
  } else if (url.protocol !== "https:") {
    throw invalid("The jwks_uri must use https://.");
  }
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (!policy.allowPrivate && (isLoopbackHost(url.hostname) || (net.isIP(literal) && isNonPublicAddress(literal)))) {
    throw invalid("The jwks_uri must point to a public host, not a private, loopback or link-local address.");
  }
  return url.href;
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

const V4_BLOCKED: Array<[string, number]> = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // RFC 1918
  ["100.64.0.0", 10], // RFC 6598 carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local: cloud metadata endpoints
  ["172.16.0.0", 12], // RFC 1918
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // RFC 1918
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

function inV4Block(ip: string, [base, bits]: [string, number]): boolean {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((ipv4ToInt(ip) & mask) >>> 0) === ((ipv4ToInt(base) & mask) >>> 0);
}

/** True for any address Keyport must not fetch from unless KEYPORT_JWKS_URI_ALLOW_PRIVATE is set. */
export function isNonPublicAddress(address: string): boolean {
  if (net.isIPv4(address)) return V4_BLOCKED.some((b) => inV4Block(address, b));
  if (!net.isIPv6(address)) return true;
  const a = address.toLowerCase();
  // IPv4-mapped (::ffff:a.b.c.d) and the hex form Node may print (::ffff:7f00:1).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return isNonPublicAddress(mapped[1]!);
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (mappedHex) {
    const hi = parseInt(mappedHex[1]!, 16);
    const lo = parseInt(mappedHex[2]!, 16);
    return isNonPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (a === "::" || a === "::1") return true;
  const first = parseInt(a.split(":")[0] || "0", 16);
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local (RFC 4193)
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xff00) === 0xff00) return true; // multicast
  if (a.startsWith("64:ff9b:")) return true; // NAT64 can reach IPv4 private space
  if (a.startsWith("2001:db8:")) return true; // documentation
  return false;
}

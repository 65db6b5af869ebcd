// The source address of a request. The socket's peer address, unless KEYPORT_TRUST_PROXY says how
// many reverse proxies stand in front of Keyport: then the address the outermost trusted proxy saw,
// read from X-Forwarded-For counting from the right (each proxy appends the peer it saw, so entries
// left of the trusted ones are whatever the client wrote and are never believed).

/** The header Keyport's server sets on requests it hands to Next (any incoming copy is dropped). */
export const CLIENT_ADDRESS_HEADER = "x-keyport-client-address";
/** Set (to "1") only for requests from this machine that came through no proxy. */
export const LOOPBACK_HEADER = "x-keyport-loopback";

const MAX_ADDRESS_LENGTH = 64;

export function isLoopbackAddress(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

function normalize(address: string): string {
  const a = address.trim().slice(0, MAX_ADDRESS_LENGTH);
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trustProxy: number): string {
  const socket = normalize(socketAddress ?? "unknown");
  if (trustProxy <= 0 || !forwardedFor) return socket;
  const hops = forwardedFor.split(",").map((s) => s.trim()).filter(Boolean);
  if (hops.length === 0) return socket;
  // The socket peer is the innermost proxy (hop 1); hop N's peer is the entry N-1 from the right.
  const index = Math.max(0, hops.length - trustProxy);
  return normalize(hops[index]!);
}

/**
 * "This machine": a loopback socket, no proxy configured, and no proxy's forwarding headers on the
 * request — a reverse proxy on the same host makes every socket loopback, but it adds these.
 */
export function isFromThisMachine(
  socketAddress: string | undefined,
  header: (name: string) => string | undefined,
  trustProxy: number,
): boolean {
  if (trustProxy > 0 || !isLoopbackAddress(socketAddress)) return false;
  return !["x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host", "via"].some((h) => header(h) !== undefined);
}

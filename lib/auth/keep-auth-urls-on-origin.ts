// Auth.js builds its links and redirects from the URL of the request it is handed. Next.js
// rewrites a loopback IP host in that URL to "localhost" (next/dist/server/web/next-url.js,
// REGEX_LOCALHOST_HOSTNAME) — also after next-auth swaps in AUTH_URL (reqWithEnvURL) — so with
// KEYPORT_ISSUER=http://127.0.0.1:3000 the mailed sign-in link and the redirect after a reused
// link pointed at http://localhost:3000: another origin, where the session cookie is not sent and
// the cross-origin action check (lib/http/cross-origin-action.ts) refuses every form.
//
// Two corrections, both limited to URLs on Keyport's own origin (the public origin, or the form
// Next rewrote it to); anything else is left alone. Nothing is taken from a request header.

const LOOPBACK_IP_HOST = /^(?:127(?:\.(?:25[0-5]|2[0-4]\d|[01]?\d\d?)){3}|\[::1\])$/;

/** The public origin, and the origin Next turns it into when its host is a loopback IP. */
export function ownOrigins(publicOrigin: string): string[] {
  const u = new URL(publicOrigin);
  const origins = [u.origin];
  if (LOOPBACK_IP_HOST.test(u.hostname)) {
    u.hostname = "localhost";
    origins.push(u.origin);
  }
  return origins;
}

function parseAbsolute(url: string): URL | null {
  if (!/^[a-z][a-z\d+.-]*:/i.test(url)) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * A link Auth.js built (the mailed magic link), on the configured public origin: an own-origin URL
 * is rebuilt there with its path and query; any other value is returned unchanged.
 */
export function onPublicOrigin(url: string, publicOrigin: string): string {
  const u = parseAbsolute(url);
  if (!u || !ownOrigins(publicOrigin).includes(u.origin)) return url;
  return `${new URL(publicOrigin).origin}${u.pathname}${u.search}${u.hash}`;
}

/**
 * A redirect Auth.js answers with (its error page, the check-email page), as a path: the browser
 * resolves it against the URL it asked for, so the user stays on the origin they are on
 * (RFC 9110 §10.2.2 allows a relative Location). Only own-origin URLs are reduced; leading
 * slashes collapse to one, so "http://host//evil.example" cannot become a protocol-relative
 * redirect.
 */
export function ownRedirectAsPath(location: string, publicOrigin: string): string {
  const u = parseAbsolute(location);
  if (!u || !ownOrigins(publicOrigin).includes(u.origin)) return location;
  return `${u.pathname.replace(/^[/\\]+/, "/")}${u.search}${u.hash}`;
}

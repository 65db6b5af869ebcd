// The portal's "temporarily unavailable" page: what every page request gets while the database is
// down (server/main.ts consults lib/db/availability-monitor.ts before handing a request to Next),
// and what a page whose render ran into the outage is answered with instead of Next's 500.
// Self-contained — no Next, no database, no assets — so it can always be served. HTTP 503 with
// Retry-After (RFC 9110 §15.6.4, §10.2.3) and no-store: never cached as the page itself. The
// visitor's session cookie is left alone: when the database is back, they are still signed in.
import type http from "node:http";

export const PAGE_RETRY_AFTER_SECONDS = 5;

/** Requests that never need the database and keep being served during an outage. */
export function servedDuringOutage(pathname: string): boolean {
  return pathname.startsWith("/_next/static/") || pathname === "/favicon.ico";
}

export interface UnavailablePage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The page, its `<style>` carrying `nonce` (the page CSP allows only nonce-bearing style elements);
 * `headers` are the page's security headers, CSP included.
 */
export function unavailablePage(nonce: string, headers: Record<string, string> = {}): UnavailablePage {
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="15">
<title>Temporarily unavailable · Keyport</title>
<style nonce="${nonce}">
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f6f7fb;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:32rem;margin:1rem;padding:2rem;background:#fff;border:1px solid #e5e7eb;border-radius:12px}
h1{margin:0 0 .5rem;font-size:1.35rem}p{margin:.5rem 0;color:#4b5563}a{color:#3730a3;font-weight:600}
</style>
</head>
<body>
<main>
<h1>Keyport is temporarily unavailable</h1>
<p>Keyport cannot reach its database right now. Nothing is lost and you stay signed in: this page reloads by itself and works again as soon as the database answers.</p>
<p><a href="">Try again</a></p>
</main>
</body>
</html>
`;
  return {
    status: 503,
    headers: {
      ...headers,
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Retry-After": String(PAGE_RETRY_AFTER_SECONDS),
    },
    body,
  };
}

/**
 * If the response Next is about to send is a 5xx and `duringOutage()` says the database failed
 * meanwhile, send `page()` instead and discard what Next writes. Decided at Next's first output:
 * Next sets `statusCode` and headers, then flushes them (flushHeaders, when streaming) or writes
 * (it never calls writeHead itself).
 */
export function answerOutageErrorsWithPage(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  duringOutage: () => boolean,
  page: () => UnavailablePage,
): void {
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const flushHeaders = res.flushHeaders.bind(res);
  let replaced = false;
  const replace = (): boolean => {
    if (replaced) return true;
    if (res.headersSent || res.statusCode < 500 || !duringOutage()) return false;
    replaced = true;
    const p = page();
    for (const name of res.getHeaderNames()) {
      // Keep the security headers set before Next ran; drop what describes Next's own body.
      if (/^(content-|etag$|last-modified$|vary$|x-nextjs-|set-cookie$|transfer-encoding$)/.test(name)) res.removeHeader(name);
    }
    res.writeHead(p.status, { ...p.headers, "Content-Length": Buffer.byteLength(p.body) });
    end(req.method === "HEAD" ? undefined : p.body);
    return true;
  };
  res.flushHeaders = () => {
    if (!replace()) flushHeaders();
  };
  res.write = ((...args: unknown[]) => {
    if (replace()) {
      const cb = args.find((a) => typeof a === "function") as (() => void) | undefined;
      if (cb) process.nextTick(cb);
      return true;
    }
    return write(...args);
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (replace()) {
      const cb = args.find((a) => typeof a === "function") as (() => void) | undefined;
      if (cb) process.nextTick(cb);
      return res;
    }
    return end(...args);
  }) as typeof res.end;
}

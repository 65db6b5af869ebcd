// GET|POST /api/auth/* — Auth.js endpoints (magic-link callback, session, CSRF, sign-out).
import { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { getConfig } from "@/lib/config/env";

/**
 * Auth.js builds its redirects (error page, callback) from the request URL. Behind Keyport's own
 * server Next reports the bind address there (http://0.0.0.0:PORT), so rebuild the URL on the
 * public origin: KEYPORT_ISSUER when set, otherwise the Host the browser used (trustHost).
 */
function onPublicOrigin(req: NextRequest): NextRequest {
  const configured = getConfig().KEYPORT_ISSUER;
  let origin: string | null = null;
  if (configured) origin = new URL(configured).origin;
  else {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || req.nextUrl.protocol.replace(/:$/, "");
    if (host && /^[A-Za-z0-9.\-:[\]]+$/.test(host)) origin = `${proto}://${host}`;
  }
  if (!origin || origin === req.nextUrl.origin) return req;
  return new NextRequest(req.nextUrl.href.replace(req.nextUrl.origin, origin), req);
}

export function GET(req: NextRequest) {
  return handlers.GET(onPublicOrigin(req));
}

export function POST(req: NextRequest) {
  return handlers.POST(onPublicOrigin(req));
}

// GET|POST /api/auth/* — Auth.js endpoints (magic-link callback, session, CSRF, sign-out).
// Auth.js builds links and redirects on AUTH_URL, which auth.ts sets from Keyport's one public
// origin (lib/config/public-origin.ts): the request's Host and X-Forwarded-* headers are ignored.
// Its redirects on that origin leave as paths, so a user stays on the origin they are on — Next
// rewrites a loopback IP to "localhost" in the URL Auth.js sees (lib/auth/keep-auth-urls-on-origin.ts).
import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { getConfig } from "@/lib/config/env";
import { ownRedirectAsPath } from "@/lib/auth/keep-auth-urls-on-origin";

function withOwnRedirectAsPath(res: Response): Response {
  const location = res.headers.get("location");
  if (location === null) return res;
  const path = ownRedirectAsPath(location, getConfig().publicOrigin);
  if (path === location) return res;
  // A fresh Response: a redirect's headers may be immutable. Headers copies every Set-Cookie.
  const headers = new Headers(res.headers);
  headers.set("location", path);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

export async function GET(req: NextRequest): Promise<Response> {
  return withOwnRedirectAsPath(await handlers.GET(req));
}

export async function POST(req: NextRequest): Promise<Response> {
  return withOwnRedirectAsPath(await handlers.POST(req));
}

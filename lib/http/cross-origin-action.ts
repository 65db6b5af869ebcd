// Cross-site request forgery guard for Next.js server actions, in front of Next. A browser tells
// us where a POST comes from in `Origin` (Fetch standard §3.1; every cross-origin POST carries
// it) or, failing that, `Referer`. Next.js compares Origin with the request's Host — which the
// attacker writes — and refuses a mismatch with a 500; Keyport compares it with its one public
// origin (lib/config/public-origin.ts) and answers 403 before Next sees the request.
import type { OAuthResponse } from "../oauth/oauth-http";
import type { HeaderMap } from "./security-headers";

export interface ActionRequestHead {
  method: string;
  /** Path without the query. */
  path: string;
  /** Lower-case header name → value. */
  header(name: string): string | undefined;
}

/** Next's header for a fetch-submitted server action (next/dist/client/components/app-router-headers). */
const ACTION_HEADER = "next-action";

/**
 * Whether `req` is a server-action POST (a `Next-Action` header; or a form body to a page, which
 * Next treats as a no-JS action) sent from an origin other than `expectedOrigin`.
 *
 * A request with neither Origin nor Referer passes: browsers always send Origin on a cross-origin
 * POST, so it is not a browser riding a victim's cookies, and Next treats it the same way. An
 * unparseable or opaque (`null`, e.g. a sandboxed frame) origin does not match.
 */
export function isCrossOriginAction(req: ActionRequestHead, expectedOrigin: string): boolean {
  if (req.method !== "POST") return false;
  if (req.header(ACTION_HEADER) === undefined) {
    // /api/* are route handlers (Auth.js has its own CSRF token), never actions.
    if (req.path.startsWith("/api/")) return false;
    const type = (req.header("content-type") ?? "").toLowerCase();
    if (!type.startsWith("multipart/form-data") && !type.startsWith("application/x-www-form-urlencoded")) return false;
  }
  const source = req.header("origin") ?? req.header("referer");
  if (source === undefined) return false;
  return originOf(source) !== expectedOrigin;
}

function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The 403 page for a refused cross-origin action (plain HTML: no script, no style, no stack). */
export function crossOriginRefusal(publicOrigin: string, securityHeaders: HeaderMap): OAuthResponse {
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Forbidden · Keyport</title></head><body>' +
    "<h1>Forbidden</h1><p>This form was sent from another site, so Keyport did not act on it. " +
    `To make this change, open Keyport at <a href="${escapeHtml(publicOrigin)}">${escapeHtml(publicOrigin)}</a> and submit it there.</p>` +
    "</body></html>";
  return {
    status: 403,
    headers: { ...securityHeaders, "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    body,
  };
}

// The security headers on every response Keyport sends: the OAuth and JSON endpoints answered by
// server/main.ts itself, and everything it hands to Next (pages, static assets, 404s, Auth.js
// routes, errors). Built once from the configuration at start-up; per request only a page's CSP
// nonce is spliced in, so the OAuth hot path pays for nothing but the headers themselves.
//
// Pages get a nonce-based Content-Security-Policy (CSP Level 3, https://www.w3.org/TR/CSP3/):
// Next.js reads the nonce from the *request's* Content-Security-Policy header while it renders
// (next/dist/server/app-render/get-script-nonce-from-header.js) and puts it on every script tag it
// emits, its inline flight-data scripts included — so server/main.ts sets the same policy on the
// request it hands to Next and on the response. No 'unsafe-inline' for scripts.
import crypto from "node:crypto";
import type { KeyportConfig } from "../config/env";
import { publicOriginIsHttps } from "../config/public-origin";

export type HeaderMap = Readonly<Record<string, string>>;

/**
 * For JSON and other non-document responses (OAuth endpoints, metadata, /api/*, static assets):
 * nothing may load from them and nothing may frame them.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** RFC 6797 §6.1: two years, subdomains too. Only ever sent when the public origin is https. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/**
 * Browser features no Keyport page uses, switched off for the page and anything it embeds. Only
 * names Chromium knows: an unknown one makes it log an error on every page load.
 */
export const PERMISSIONS_POLICY =
  "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

export interface SecurityHeaders {
  /** Complete header set for non-document responses (precomputed; never mutate). */
  readonly api: HeaderMap;
  /** The page CSP for one response, allowing only scripts and style elements carrying `nonce`. */
  pagePolicy(nonce: string): string;
  /** Everything a page response carries besides its CSP (precomputed; never mutate). */
  readonly pageBase: HeaderMap;
}

/** A fresh CSP nonce: 128 random bits, base64 (what Next's nonce pattern accepts). */
export function newNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

/** The header sets for this deployment. Call once at start-up and keep the result. */
export function buildSecurityHeaders(config: Pick<KeyportConfig, "publicOrigin">): SecurityHeaders {
  const https = publicOriginIsHttps(config);
  const common: Record<string, string> = {
    // Legacy twin of frame-ancestors 'none' for browsers without CSP2 (RFC 7034).
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // Not no-referrer: with it, browsers send `Origin: null` on a plain (no-JS) form POST (Fetch
    // §3.1 "serializing a request origin"), and the cross-origin action check would refuse it.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
  };
  // RFC 6797 §7.2: HSTS over plain http is ignored; and an http deployment must not pin browsers
  // to https for a host that does not serve it.
  if (https) common["Strict-Transport-Security"] = HSTS_VALUE;

  const api: HeaderMap = Object.freeze({ ...common, "Content-Security-Policy": API_CONTENT_SECURITY_POLICY });
  const pageBase: HeaderMap = Object.freeze({ ...common, "Cross-Origin-Opener-Policy": "same-origin" });

  // form-action also governs where a submitted form may redirect (CSP3 §6.4.1): Auth.js and server
  // actions redirect to the public origin, which may differ from the address the page was loaded on.
  const publicOrigin = new URL(config.publicOrigin).origin;
  const formAction = publicOrigin === "null" ? "'self'" : `'self' ${publicOrigin}`;
  const head = "default-src 'self'; script-src 'self' 'nonce-";
  // 'strict-dynamic': scripts the nonce-carrying ones load (Next's chunk loader) are trusted, and
  // 'self' alone no longer is — an injected <script src="/…"> without the nonce does not run.
  // Style elements need the nonce too (no injected <style> for CSS-selector exfiltration); style
  // *attributes* are allowed: React renders style={{…}} props as attributes, and an attribute can
  // neither run script nor match other elements.
  const middle = "' 'strict-dynamic'; style-src 'self' 'nonce-";
  const tail =
    "'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
    `object-src 'none'; base-uri 'none'; form-action ${formAction}; frame-ancestors 'none'` +
    (https ? "; upgrade-insecure-requests" : "");

  return {
    api,
    pageBase,
    pagePolicy: (nonce) => head + nonce + middle + nonce + tail,
  };
}

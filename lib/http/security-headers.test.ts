import assert from "node:assert/strict";
import { test } from "node:test";
import { API_CONTENT_SECURITY_POLICY, HSTS_VALUE, buildSecurityHeaders, newNonce } from "./security-headers";

test("API responses: strict CSP, no HSTS over http", () => {
  const h = buildSecurityHeaders({ publicOrigin: "http://localhost:3000" });
  assert.equal(h.api["Content-Security-Policy"], API_CONTENT_SECURITY_POLICY);
  assert.equal(h.api["Content-Security-Policy"], "default-src 'none'; frame-ancestors 'none'");
  assert.equal(h.api["X-Frame-Options"], "DENY");
  assert.equal(h.api["X-Content-Type-Options"], "nosniff");
  assert.equal(h.api["Strict-Transport-Security"], undefined);
  assert.equal(h.pageBase["Strict-Transport-Security"], undefined);
  assert.ok(Object.isFrozen(h.api) && Object.isFrozen(h.pageBase), "shared objects cannot be changed by a caller");
});

test("https public origin: HSTS everywhere, pages upgrade insecure requests", () => {
  const h = buildSecurityHeaders({ publicOrigin: "https://keyport.example/base" });
  assert.equal(h.api["Strict-Transport-Security"], HSTS_VALUE);
  assert.equal(h.pageBase["Strict-Transport-Security"], "max-age=63072000; includeSubDomains");
  const csp = h.pagePolicy("abc");
  assert.match(csp, /; upgrade-insecure-requests$/);
  assert.match(csp, /form-action 'self' https:\/\/keyport\.example;/, "an origin, without the path");
});

test("page CSP: the nonce for scripts and style elements, no unsafe-inline for scripts", () => {
  const h = buildSecurityHeaders({ publicOrigin: "http://localhost:3000" });
  const nonce = newNonce();
  const csp = h.pagePolicy(nonce);
  const d = new Map(csp.split("; ").map((p) => [p.split(" ")[0], p.split(" ").slice(1)] as const));
  assert.deepEqual(d.get("script-src"), ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  assert.deepEqual(d.get("style-src"), ["'self'", `'nonce-${nonce}'`]);
  assert.deepEqual(d.get("frame-ancestors"), ["'none'"]);
  assert.deepEqual(d.get("object-src"), ["'none'"]);
  assert.deepEqual(d.get("connect-src"), ["'self'"]);
  assert.ok(!csp.includes("upgrade-insecure-requests"));
});

test("nonces: 128 bits, base64 (Next's pattern), never repeated", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const n = newNonce();
    assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
    assert.ok(!seen.has(n));
    seen.add(n);
  }
});

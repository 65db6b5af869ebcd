import assert from "node:assert/strict";
import { test } from "node:test";
import { crossOriginRefusal, isCrossOriginAction } from "./cross-origin-action";

const ORIGIN = "https://keyport.example";
function req(method: string, path: string, headers: Record<string, string>) {
  return { method, path, header: (name: string) => headers[name] };
}

test("a server action from the public origin passes", () => {
  assert.equal(isCrossOriginAction(req("POST", "/apps/new", { "next-action": "x", origin: ORIGIN }), ORIGIN), false);
  assert.equal(isCrossOriginAction(req("POST", "/apps/new", { "next-action": "x", referer: `${ORIGIN}/apps/new?x=1` }), ORIGIN), false);
});

test("a server action from anywhere else is cross-origin", () => {
  for (const origin of ["https://evil.example", "http://keyport.example", "https://keyport.example:8443", "null", "garbage", ""]) {
    assert.equal(isCrossOriginAction(req("POST", "/", { "next-action": "x", origin }), ORIGIN), true, origin);
  }
  assert.equal(isCrossOriginAction(req("POST", "/", { "next-action": "x", referer: "https://evil.example/a" }), ORIGIN), true);
  // Origin wins over a matching Referer.
  assert.equal(isCrossOriginAction(req("POST", "/", { "next-action": "x", origin: "https://evil.example", referer: `${ORIGIN}/` }), ORIGIN), true);
});

test("no-JS form posts to pages are checked; route handlers under /api/ and other requests are not", () => {
  const evil = { origin: "https://evil.example" };
  assert.equal(isCrossOriginAction(req("POST", "/signin", { ...evil, "content-type": "multipart/form-data; boundary=x" }), ORIGIN), true);
  assert.equal(isCrossOriginAction(req("POST", "/signin", { ...evil, "content-type": "application/x-www-form-urlencoded" }), ORIGIN), true);
  assert.equal(isCrossOriginAction(req("POST", "/api/auth/signin/nodemailer", { ...evil, "content-type": "application/x-www-form-urlencoded" }), ORIGIN), false);
  assert.equal(isCrossOriginAction(req("POST", "/signin", { ...evil, "content-type": "application/json" }), ORIGIN), false);
  assert.equal(isCrossOriginAction(req("GET", "/signin", { ...evil, "next-action": "x" }), ORIGIN), false);
});

test("without Origin or Referer (not a browser) the request passes", () => {
  assert.equal(isCrossOriginAction(req("POST", "/", { "next-action": "x" }), ORIGIN), false);
});

test("the refusal: 403 HTML naming the public origin, escaped", () => {
  const r = crossOriginRefusal('https://k.example/"><script>', { "X-Frame-Options": "DENY" });
  assert.equal(r.status, 403);
  assert.equal(r.headers["Content-Type"], "text/html; charset=utf-8");
  assert.equal(r.headers["X-Frame-Options"], "DENY");
  assert.ok(!r.body.includes("<script>"));
  assert.ok(r.body.includes("https://k.example/&#34;&#62;&#60;script&#62;"));
});

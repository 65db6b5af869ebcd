import { test } from "node:test";
import assert from "node:assert/strict";
import { onPublicOrigin, ownOrigins, ownRedirectAsPath } from "./keep-auth-urls-on-origin";

test("ownOrigins: the public origin, plus the localhost form Next rewrites a loopback IP to", () => {
  assert.deepEqual(ownOrigins("http://127.0.0.1:3000"), ["http://127.0.0.1:3000", "http://localhost:3000"]);
  assert.deepEqual(ownOrigins("http://127.5.6.7:8080/keyport"), ["http://127.5.6.7:8080", "http://localhost:8080"]);
  assert.deepEqual(ownOrigins("http://[::1]:3000"), ["http://[::1]:3000", "http://localhost:3000"]);
  assert.deepEqual(ownOrigins("http://localhost:3000"), ["http://localhost:3000"]);
  assert.deepEqual(ownOrigins("https://keyport.example.com"), ["https://keyport.example.com"]);
});

test("onPublicOrigin puts a mailed link rewritten to localhost back on 127.0.0.1", () => {
  const link = "http://localhost:3000/api/auth/callback/nodemailer?callbackUrl=%2Fapps&token=abc&email=a%40b.example";
  assert.equal(onPublicOrigin(link, "http://127.0.0.1:3000"), link.replace("localhost", "127.0.0.1"));
  // Already right, or on another port / host / scheme: unchanged.
  assert.equal(onPublicOrigin(link, "http://localhost:3000"), link);
  assert.equal(onPublicOrigin(link, "http://127.0.0.1:4000"), link);
  assert.equal(onPublicOrigin("https://evil.example/x", "http://127.0.0.1:3000"), "https://evil.example/x");
  assert.equal(onPublicOrigin("/relative", "http://127.0.0.1:3000"), "/relative");
});

test("ownRedirectAsPath: own-origin redirects leave as paths, so the browser stays where it is", () => {
  const origin = "http://127.0.0.1:3000";
  assert.equal(ownRedirectAsPath("http://localhost:3000/signin/error?error=Verification", origin), "/signin/error?error=Verification");
  assert.equal(ownRedirectAsPath("http://127.0.0.1:3000/signin/check-email?provider=nodemailer#x", origin), "/signin/check-email?provider=nodemailer#x");
  assert.equal(ownRedirectAsPath("https://keyport.example/signin/error?error=Verification", "https://keyport.example"), "/signin/error?error=Verification");
  // Paths stay paths; foreign URLs are not touched (and Auth.js's redirect callback never makes them).
  assert.equal(ownRedirectAsPath("/apps", origin), "/apps");
  assert.equal(ownRedirectAsPath("https://evil.example/signin", origin), "https://evil.example/signin");
  assert.equal(ownRedirectAsPath("http://localhost:4000/x", origin), "http://localhost:4000/x");
});

test("ownRedirectAsPath never yields a protocol-relative redirect", () => {
  const origin = "http://127.0.0.1:3000";
  assert.equal(ownRedirectAsPath("http://127.0.0.1:3000//evil.example/x", origin), "/evil.example/x");
  assert.equal(ownRedirectAsPath("http://127.0.0.1:3000/\\evil.example", origin), "/evil.example");
  assert.equal(ownRedirectAsPath("not a url", origin), "not a url");
});

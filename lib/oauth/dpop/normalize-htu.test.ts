import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_HTU_LENGTH, normalizeEndpointUrl, normalizeHtu } from "./normalize-htu";

test("RFC 3986 §6.2.2/§6.2.3 normalization", () => {
  const same = [
    "https://auth.example.com/oauth/token",
    "HTTPS://AUTH.EXAMPLE.COM/oauth/token",
    "https://auth.example.com:443/oauth/token",
    "https://auth.example.com/oauth/%74%6Fken",
    "https://auth.example.com/oauth/../oauth/./token",
  ];
  for (const u of same) assert.deepEqual(normalizeHtu(u), { ok: true, uri: "https://auth.example.com/oauth/token" }, u);
  assert.deepEqual(normalizeHtu("http://h.example"), { ok: true, uri: "http://h.example/" });
  assert.deepEqual(normalizeHtu("http://h.example:80/a%2fb"), { ok: true, uri: "http://h.example/a%2Fb" }, "reserved octets stay encoded, hex upper-cased");
  assert.deepEqual(normalizeHtu("http://h.example:8080/x"), { ok: true, uri: "http://h.example:8080/x" });
});

test("different targets stay different", () => {
  const n = (u: string) => {
    const r = normalizeHtu(u);
    return r.ok ? r.uri : r.reason;
  };
  assert.notEqual(n("https://a.example/oauth/token"), n("https://a.example/oauth/token/"));
  assert.notEqual(n("https://a.example/oauth/token"), n("https://a.example/OAUTH/token"));
  assert.notEqual(n("https://a.example/oauth/token"), n("http://a.example/oauth/token"));
});

test("refusals", () => {
  assert.deepEqual(normalizeHtu("https://a.example/t?x=1"), { ok: false, reason: "has_query_or_fragment" });
  assert.deepEqual(normalizeHtu("https://a.example/t#f"), { ok: false, reason: "has_query_or_fragment" });
  assert.deepEqual(normalizeHtu("https://a.example/t?"), { ok: false, reason: "has_query_or_fragment" });
  assert.deepEqual(normalizeHtu("https://u:p@a.example/t"), { ok: false, reason: "has_userinfo" });
  assert.deepEqual(normalizeHtu("urn:x:y"), { ok: false, reason: "not_http" });
  assert.deepEqual(normalizeHtu("/oauth/token"), { ok: false, reason: "unparsable" });
  assert.deepEqual(normalizeHtu(""), { ok: false, reason: "unparsable" });
  assert.deepEqual(normalizeHtu(`https://a.example/${"a".repeat(MAX_HTU_LENGTH)}`), { ok: false, reason: "unparsable" });
  assert.throws(() => normalizeEndpointUrl("not a url"));
});

import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { digestSecret, digestSecretHex, generateClientId, generateClientSecret, matchDigest, secretHint } from "./credentials";

test("client ids carry ≥128 bits and secrets ≥256 bits of URL-safe randomness, with recognisable prefixes", () => {
  const id = generateClientId();
  const secret = generateClientSecret();
  assert.match(id, /^kp_[A-Za-z0-9_-]{22}$/);
  assert.match(secret, /^kps_[A-Za-z0-9_-]{43}$/);
  assert.equal(Buffer.from(id.slice(3), "base64url").length, 16);
  assert.equal(Buffer.from(secret.slice(4), "base64url").length, 32);
  assert.notEqual(generateClientSecret(), secret);
});

test("the digest is keyed: another pepper gives another digest; the hint is the last 4 characters", () => {
  const s = generateClientSecret();
  const p1 = crypto.randomBytes(32);
  assert.equal(digestSecretHex(p1, s), digestSecretHex(p1, s));
  assert.notEqual(digestSecretHex(p1, s), digestSecretHex(crypto.randomBytes(32), s));
  assert.equal(digestSecretHex(p1, s), crypto.createHmac("sha256", p1).update(s).digest("hex"));
  assert.equal(secretHint(s), s.slice(-4));
});

test("matchDigest finds the matching candidate and -1 otherwise", () => {
  const p = crypto.randomBytes(32);
  const a = digestSecret(p, "a");
  const b = digestSecret(p, "b");
  assert.equal(matchDigest(b, [a, b]), 1);
  assert.equal(matchDigest(digestSecret(p, "c"), [a, b]), -1);
  assert.equal(matchDigest(a, [Buffer.alloc(3)]), -1);
});

test("token ids are 128-bit, URL-safe and do not repeat across pool refills", async () => {
  const { randomTokenId } = await import("./random-id");
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) seen.add(randomTokenId());
  assert.equal(seen.size, 1000);
  for (const id of seen) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
});

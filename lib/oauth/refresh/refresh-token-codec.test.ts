// Sealing and opening refresh tokens: round trip, ≥ 256 random bits, opaque, every alteration and
// every foreign key refused, only the canonical spelling accepted, lifetimes clamped.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import {
  MAX_REFRESH_TOKEN_LIFETIME_SECONDS,
  REFRESH_TOKEN_PREFIX,
  createRefreshTokenCodec,
  isRefreshTokenFormat,
  newRefreshFamilyId,
  refreshTokenCodec,
  refreshTokenDigest,
  type NewRefreshToken,
} from "./refresh-token-codec";

const root = crypto.randomBytes(48);
const codec = createRefreshTokenCodec(root);
const input: NewRefreshToken = {
  familyId: "fam-1",
  generation: 3,
  appId: "app_1",
  clientId: "kp_client",
  scope: "application.client domain.manage",
  aud: ["urn:keyport:api", "https://billing.example/"],
  lifetime: 86_400,
  now: 1_800_000_000,
};

/** Flip one bit of the decoded body and re-encode (so the spelling stays canonical). */
function flipBit(token: string, byteIndex: number): string {
  const raw = Buffer.from(token.slice(REFRESH_TOKEN_PREFIX.length), "base64url");
  raw[byteIndex]! ^= 0x01;
  return REFRESH_TOKEN_PREFIX + raw.toString("base64url");
}

test("round trip: the claims come back exactly, exp = iat + lifetime", () => {
  const token = codec.issue(input);
  assert.ok(token.startsWith("krt_"));
  assert.ok(isRefreshTokenFormat(token));
  assert.deepEqual(codec.open(token), {
    familyId: "fam-1",
    generation: 3,
    appId: "app_1",
    clientId: "kp_client",
    scope: "application.client domain.manage",
    aud: ["urn:keyport:api", "https://billing.example/"],
    iat: 1_800_000_000,
    exp: 1_800_086_400,
  });
  const single = codec.open(codec.issue({ ...input, aud: "urn:keyport:api" }));
  assert.equal(single?.aud, "urn:keyport:api");
});

test("opaque and random: nothing readable inside, two tokens of the same claims share no bytes of salt", () => {
  const a = codec.issue(input);
  const b = codec.issue(input);
  assert.notEqual(a, b);
  for (const t of [a, b]) {
    const raw = Buffer.from(t.slice(4), "base64url");
    for (const visible of ["kp_client", "app_1", "fam-1", "application.client", "urn:keyport:api"]) {
      assert.equal(raw.includes(Buffer.from(visible)), false, `${visible} is visible in the token`);
    }
  }
  // Version byte, then 32 bytes (256 bits) of salt: the unguessable part.
  const saltA = Buffer.from(a.slice(4), "base64url").subarray(1, 33);
  const saltB = Buffer.from(b.slice(4), "base64url").subarray(1, 33);
  assert.equal(saltA.length, 32);
  assert.equal(saltA.equals(saltB), false);
});

test("any altered byte — version, salt, ciphertext, tag — is refused", () => {
  const token = codec.issue(input);
  const length = Buffer.from(token.slice(4), "base64url").length;
  for (const i of [0, 1, 20, 32, 33, 40, length - 17, length - 16, length - 1]) {
    assert.equal(codec.open(flipBit(token, i)), null, `byte ${i}`);
  }
});

test("a token sealed under another KEYPORT_SECRET is refused", () => {
  const other = createRefreshTokenCodec(crypto.randomBytes(48));
  assert.equal(other.open(codec.issue(input)), null);
  assert.equal(codec.open(other.issue(input)), null);
});

test("only the canonical base64url spelling is accepted (single use is keyed on the token's digest)", () => {
  // A body length that leaves unused low bits in the last character: Node decodes a spelling with
  // those bits set to the same bytes, which must not count as a second token.
  let token = codec.issue(input);
  for (let i = 0; Buffer.from(token.slice(4), "base64url").length % 3 === 0; i++) token = codec.issue({ ...input, scope: `${input.scope}${" x".repeat(i)}` });
  const body = token.slice(4);
  const raw = Buffer.from(body, "base64url");
  const last = body.at(-1)!;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const variant = body.slice(0, -1) + alphabet[alphabet.indexOf(last) + 1];
  assert.ok(Buffer.from(variant, "base64url").equals(raw), "fixture: the variant decodes to the same bytes");
  assert.equal(codec.open(REFRESH_TOKEN_PREFIX + variant), null);
  // Padding, standard-base64 characters and whitespace are not ours either.
  assert.equal(codec.open(token + "="), null);
  assert.equal(codec.open(REFRESH_TOKEN_PREFIX + "+" + body.slice(1)), null);
  assert.equal(codec.open(` ${token}`), null);
  assert.equal(codec.open(`${token}\n`), null);
});

test("garbage, other prefixes, truncations and oversized input are null, never an exception", () => {
  const token = codec.issue(input);
  for (const bad of ["", "krt_", "krt_AAAA", token.slice(0, -1), token.slice(0, 30), "kps_" + token.slice(4), "eyJhbGciOiJSUzI1NiJ9.e30.sig", "krt_" + "A".repeat(5000)]) {
    assert.equal(codec.open(bad), null, bad.slice(0, 40));
  }
});

test("lifetimes are clamped to the maximum, and to at least one second", () => {
  const long = codec.open(codec.issue({ ...input, lifetime: 10 * MAX_REFRESH_TOKEN_LIFETIME_SECONDS }));
  assert.equal(long!.exp - long!.iat, MAX_REFRESH_TOKEN_LIFETIME_SECONDS);
  const zero = codec.open(codec.issue({ ...input, lifetime: 0 }));
  assert.equal(zero!.exp - zero!.iat, 1);
});

test("digest: SHA-256 of the token, base64url; family ids are 128 random bits", () => {
  const token = codec.issue(input);
  assert.equal(refreshTokenDigest(token), crypto.createHash("sha256").update(token).digest("base64url"));
  assert.equal(refreshTokenDigest(token).length, 43);
  assert.equal(Buffer.from(newRefreshFamilyId(), "base64url").length, 16);
  assert.notEqual(newRefreshFamilyId(), newRefreshFamilyId());
});

test("refreshTokenCodec(root) is one codec per root secret, interoperable with a fresh one", () => {
  assert.equal(refreshTokenCodec(root), refreshTokenCodec(root));
  const token = codec.issue(input);
  assert.deepEqual(refreshTokenCodec(root).open(token), codec.open(token));
  assert.equal(codec.open(refreshTokenCodec(root).issue(input))?.clientId, "kp_client");
});

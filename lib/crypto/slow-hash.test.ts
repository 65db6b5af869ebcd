// The slow hash of short imported secrets: PHC-encoded scrypt, salted, parameters carried along.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { decodeSlowHash, isSlowHash, slowHash, SLOW_HASH_PARAMS, verifySlowHash } from "./slow-hash";
import { hashImportedSecret, hashKindFor, importedSecretHint } from "../secrets/hash-imported-secret";
import { digestSecret } from "./credentials";

test("encodes scrypt with its parameters and a fresh salt; verifies the right input only", async () => {
  const a = await slowHash("correct horse");
  const b = await slowHash("correct horse");
  assert.match(a, /^\$scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(a, b, "a fresh salt each time");
  assert.equal(await verifySlowHash("correct horse", a), true);
  assert.equal(await verifySlowHash("correct horse", b), true);
  assert.equal(await verifySlowHash("correct horsf", a), false);
  assert.deepEqual(decodeSlowHash(a)?.params, SLOW_HASH_PARAMS);
  // It is scrypt (RFC 7914) exactly: recompute with node's own implementation.
  const d = decodeSlowHash(a)!;
  assert.deepEqual(crypto.scryptSync("correct horse", d.salt, 32, { N: 2 ** 14, r: 8, p: 1 }), d.key);
});

test("other parameters are read from the encoding; malformed or excessive encodings never verify", async () => {
  const cheap = await slowHash("pw", { ln: 4, r: 1, p: 1 });
  assert.match(cheap, /^\$scrypt\$ln=4,r=1,p=1\$/);
  assert.equal(await verifySlowHash("pw", cheap), true);
  for (const bad of ["", "pw", "$scrypt$ln=14,r=8,p=1$short$short", cheap.replace("ln=4", "ln=40"), cheap.replace("$scrypt$", "$argon2id$"), cheap + "x!"]) {
    assert.equal(isSlowHash(bad), false, bad);
    assert.equal(await verifySlowHash("pw", bad), false, bad);
  }
});

test("imported secrets: 32 characters or more get the keyed digest, shorter ones scrypt of that digest; hints shrink with length", async () => {
  const pepper = crypto.randomBytes(32);
  const long = "x".repeat(32);
  assert.equal(hashKindFor(long), "hmac");
  assert.equal(hashKindFor("x".repeat(31)), "scrypt");
  assert.deepEqual(await hashImportedSecret(pepper, long), { digest: digestSecret(pepper, long).toString("hex"), hashKind: "hmac" });
  const short = await hashImportedSecret(pepper, "s3cret-pass");
  assert.equal(short.hashKind, "scrypt");
  assert.ok(!short.digest.includes("s3cret"));
  // The slow hash is over HMAC(pepper, secret): without the pepper the secret alone does not verify.
  assert.equal(await verifySlowHash(digestSecret(pepper, "s3cret-pass"), short.digest), true);
  assert.equal(await verifySlowHash("s3cret-pass", short.digest), false);
  assert.equal(importedSecretHint(long + "abcd"), "abcd");
  assert.equal(importedSecretHint("0123456789abcdef"), "ef");
  assert.equal(importedSecretHint("12345678"), "");
});

// What an owner may paste as a private_key_jwt key, and every way it is refused (RFC 7517,
// RFC 7518 §3.3 key size, RFC 7638 thumbprints).
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { calculateJwkThumbprint } from "jose";
import { AppError } from "../errors/app-error";
import { parseClientKeys, parseRemoteJwks } from "./parse-client-keys";
import { validatePublicJwk } from "./validate-public-jwk";
import { previewClientKeys } from "./preview-client-keys";

const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsa1024 = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 });
const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const ec384 = crypto.generateKeyPairSync("ec", { namedCurve: "P-384" });
const ed = crypto.generateKeyPairSync("ed25519");
const x25519 = crypto.generateKeyPairSync("x25519");

const jwkOf = (k: crypto.KeyObject) => k.export({ format: "jwk" }) as Record<string, unknown>;

async function refused(text: string, message: RegExp): Promise<void> {
  await assert.rejects(parseClientKeys(text), (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, "invalid_input");
    assert.match(e.fieldErrors.keys![0]!, new RegExp(message.source, "i"));
    return true;
  });
}

test("a JWK: validated, stored with required members only, RFC 7638 thumbprint, alg from the JWK", async () => {
  const pub = { ...jwkOf(rsa.publicKey), kid: "k1", alg: "PS256", x5t: "ignored" };
  const [k] = await parseClientKeys(JSON.stringify(pub));
  assert.equal(k!.kid, "k1");
  assert.equal(k!.alg, "PS256");
  assert.equal(k!.kty, "RSA");
  assert.equal(k!.crv, null);
  assert.equal(k!.thumbprint, await calculateJwkThumbprint(jwkOf(rsa.publicKey) as { kty: string; n: string; e: string }));
  assert.deepEqual(Object.keys(k!.jwk).sort(), ["alg", "e", "kid", "kty", "n", "use"]);
});

test("a JWKS of RSA, EC P-256 and Ed25519: alg inferred per key type (RSA: RS256 unless rsaAlg says PS256)", async () => {
  const text = JSON.stringify({ keys: [jwkOf(rsa.publicKey), { ...jwkOf(ec.publicKey), kid: "ec" }, { ...jwkOf(ed.publicKey), kid: "ed" }] });
  const keys = await parseClientKeys(text);
  assert.deepEqual(keys.map((k) => [k.kty, k.crv, k.alg, k.kid]), [["RSA", null, "RS256", null], ["EC", "P-256", "ES256", "ec"], ["OKP", "Ed25519", "EdDSA", "ed"]]);
  const pss = await parseClientKeys(text, { rsaAlg: "PS256" });
  assert.equal(pss[0]!.alg, "PS256");
});

test("PEM: SPKI public keys and a certificate's key; the preview shape for the portal", async () => {
  const pem = (rsa.publicKey.export({ type: "spki", format: "pem" }) as string) + "\n" + (ec.publicKey.export({ type: "spki", format: "pem" }) as string);
  const previews = await previewClientKeys(pem);
  assert.deepEqual(previews.map((p) => Object.keys(p).sort()), [["alg", "kid", "kty", "thumbprint"], ["alg", "crv", "kid", "kty", "thumbprint"]]);
  assert.deepEqual(previews[1], { kid: null, alg: "ES256", kty: "EC", crv: "P-256", thumbprint: await calculateJwkThumbprint(jwkOf(ec.publicKey) as { kty: string; crv: string; x: string; y: string }) });
  const edPem = ed.publicKey.export({ type: "spki", format: "pem" }) as string;
  assert.equal((await parseClientKeys(edPem))[0]!.alg, "EdDSA");
});

test("a private JWK is refused (d), as is an RSA private JWK (p, q, …)", async () => {
  await refused(JSON.stringify(jwkOf(ec.privateKey)), /private key.*"d"/);
  const rsaPriv = jwkOf(rsa.privateKey);
  delete rsaPriv.d;
  await refused(JSON.stringify(rsaPriv), /private key.*"p"/);
});

test("a private PEM is refused without deriving its public key", async () => {
  await refused(rsa.privateKey.export({ type: "pkcs8", format: "pem" }) as string, /private key/i);
  await refused(ec.privateKey.export({ type: "sec1", format: "pem" }) as string, /private key/i);
});

test("a symmetric (oct) key is refused", async () => {
  await refused(JSON.stringify({ kty: "oct", k: crypto.randomBytes(32).toString("base64url"), alg: "HS256" }), /symmetric \(oct\)/);
});

test("RSA under 2048 bits is refused", async () => {
  await refused(JSON.stringify(jwkOf(rsa1024.publicKey)), /at least 2048 bits \(this one has 1024\)/);
  await refused(rsa1024.publicKey.export({ type: "spki", format: "pem" }) as string, /at least 2048 bits/);
});

test("unsupported curves and key types are refused", async () => {
  await refused(JSON.stringify(jwkOf(ec384.publicKey)), /curve "P-384" is not supported/);
  await refused(JSON.stringify(jwkOf(x25519.publicKey)), /curve "X25519" is not supported/);
  await refused(JSON.stringify({ kty: "AKP", pub: "AAAA" }), /key type "AKP" is not supported/);
});

test("algs outside the allow-list, or not fitting the key, are refused", async () => {
  await refused(JSON.stringify({ ...jwkOf(rsa.publicKey), alg: "none" }), /alg "none" is not accepted/);
  await refused(JSON.stringify({ ...jwkOf(rsa.publicKey), alg: "HS256" }), /alg "HS256" is not accepted/);
  await refused(JSON.stringify({ ...jwkOf(rsa.publicKey), alg: "RS512" }), /alg "RS512" is not accepted/);
  await refused(JSON.stringify({ ...jwkOf(ec.publicKey), alg: "RS256" }), /alg RS256 does not fit a EC P-256 key/);
  await refused(JSON.stringify({ ...jwkOf(rsa.publicKey), alg: "ES256" }), /alg ES256 does not fit a RSA key/);
});

test("encryption keys, a point not on the curve, garbage", async () => {
  await refused(JSON.stringify({ ...jwkOf(ec.publicKey), use: "enc" }), /not for signatures/);
  const bad = jwkOf(ec.publicKey);
  bad.y = Buffer.alloc(32, 7).toString("base64url");
  await refused(JSON.stringify(bad), /not a valid EC public key/);
  await refused("hello", /does not parse/);
  await refused("[]", /JSON object/);
  await refused('{"keys":{}}', /"keys" array/);
  await refused("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", /not a public key/);
  await refused("x".repeat(70_000), /more than 64 KiB/);
});

test("the same key twice, or two keys sharing a kid, are refused", async () => {
  const one = jwkOf(ec.publicKey);
  await assert.rejects(parseClientKeys(JSON.stringify({ keys: [one, one] })), (e: unknown) => e instanceof AppError && e.code === "conflict");
  await assert.rejects(
    parseClientKeys(JSON.stringify({ keys: [{ ...one, kid: "same" }, { ...jwkOf(ed.publicKey), kid: "same" }] })),
    (e: unknown) => e instanceof AppError && /kid "same"/.test(e.fieldErrors.keys![0]!),
  );
});

test("a remote JWKS keeps its usable signature keys and says why it skipped the rest", async () => {
  const r = await parseRemoteJwks({ keys: [jwkOf(ec.publicKey), { ...jwkOf(ec.publicKey), use: "enc", kid: "e" }, jwkOf(ec.privateKey), { kty: "oct", k: "AAAA" }] });
  assert.equal(r.keys.length, 1);
  assert.equal(r.skipped.length, 3);
  assert.equal((await validatePublicJwk(jwkOf(ed.publicKey))).ok, true);
});

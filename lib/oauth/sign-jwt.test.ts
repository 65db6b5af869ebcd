import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { createJwtSigner } from "./sign-jwt";
import { SIGNING_ALGS } from "../config/env";
import { generateSigningKey, openPrivateKey } from "../keys/signing-key-material";

const root = crypto.randomBytes(32);

for (const alg of SIGNING_ALGS) {
  test(`${alg}: a standard JWS that jose verifies, with typ at+jwt and kid (RFC 9068 §2.1)`, async () => {
    const key = await generateSigningKey(root, alg);
    const signer = createJwtSigner(key.kid, alg, openPrivateKey(root, key.sealedPrivateKey));
    const now = Math.floor(Date.now() / 1000);
    const token = await signer.sign({ iss: "https://issuer.example", sub: "kp_a", aud: "urn:api", iat: now, exp: now + 60, jti: "j1", client_id: "kp_a", scope: "a b" });
    assert.deepEqual(decodeProtectedHeader(token), { alg, typ: "at+jwt", kid: key.kid });
    const publicKey = crypto.createPublicKey({ key: key.publicJwk as crypto.JsonWebKey, format: "jwk" });
    const { payload } = await jwtVerify(token, publicKey, { algorithms: [alg], typ: "at+jwt", issuer: "https://issuer.example", audience: "urn:api" });
    assert.equal(payload.client_id, "kp_a");
    assert.equal(payload.scope, "a b");
    // A tampered payload fails.
    const [h, , s] = token.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, scope: "admin" })).toString("base64url")}.${s}`;
    await assert.rejects(jwtVerify(forged, publicKey, { algorithms: [alg] }));
  });
}

test("private keys are sealed at rest: the wrong root secret cannot open them", async () => {
  const key = await generateSigningKey(root, "ES256");
  assert.ok(!key.sealedPrivateKey.includes("PRIVATE KEY"));
  assert.throws(() => openPrivateKey(crypto.randomBytes(32), key.sealedPrivateKey), /KEYPORT_SECRET/);
});

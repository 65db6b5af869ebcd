// Every check of RFC 9449 §4.3 refuses its own bad proof, with its own reason. Proofs are built with
// jose (an independent implementation), and the replay check runs on a real migrated database.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../../test-support/migrated-test-database";
import { createReplayStore } from "../../replay/replay-store";
import {
  DPOP_PROOF_MAX_AGE_SECONDS,
  DPOP_PROOF_MAX_FUTURE_SECONDS,
  DpopProofError,
  MAX_DPOP_JTI_LENGTH,
  MAX_DPOP_PROOF_BYTES,
  verifyDpopProof,
  type DpopProofExpectation,
} from "./verify-dpop-proof";
import { normalizeEndpointUrl } from "./normalize-htu";
import { DpopNonces, DPOP_NONCE_PERIOD_SECONDS } from "./dpop-nonces";

const ENDPOINT = "http://127.0.0.1:3000/oauth/token";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_dpop");
});
after(async () => t?.drop());

const expectation = (over: Partial<DpopProofExpectation> = {}): DpopProofExpectation => ({
  htm: "POST",
  htu: normalizeEndpointUrl(ENDPOINT),
  replay: createReplayStore(t.db),
  ...over,
});

interface Signer {
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}
const signers = new Map<string, Signer>();
type Alg = "ES256" | "RS256" | "PS256" | "EdDSA" | "Ed25519";
async function signer(alg: Alg = "ES256"): Promise<Signer> {
  let s = signers.get(alg);
  if (!s) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    s = { alg, privateKey, jwk: await exportJWK(publicKey) };
    signers.set(alg, s);
  }
  return s;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

/** A proof signed with jose; any header or claim can be replaced or removed (undefined). */
async function proof(
  opts: { alg?: Alg; header?: Record<string, unknown>; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const s = await signer(opts.alg);
  const claims: Record<string, unknown> = { jti: crypto.randomUUID(), htm: "POST", htu: ENDPOINT, iat: nowSeconds(), ...opts.claims };
  const header: Record<string, unknown> = { alg: s.alg, typ: "dpop+jwt", jwk: s.jwk, ...opts.header };
  for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
  for (const k of Object.keys(header)) if (header[k] === undefined) delete header[k];
  // jose's SignJWT insists on a known alg matching the key; the header's other members are free.
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(s.privateKey);
}

/** A JWS signed by node:crypto directly, for headers and keys jose refuses to produce. */
function signRaw(header: Record<string, unknown>, claims: Record<string, unknown>, key: crypto.KeyObject): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const opts = header.alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" as const } : key;
  return `${input}.${crypto.sign("sha256", Buffer.from(input), opts).toString("base64url")}`;
}

async function refused(header: string, description: string | RegExp, exp = expectation(), error = "invalid_dpop_proof") {
  await assert.rejects(verifyDpopProof(header, exp), (err: unknown) => {
    assert.ok(err instanceof DpopProofError, `expected DpopProofError, got ${String(err)}`);
    assert.equal(err.error, error);
    assert.equal(err.status, 400);
    if (typeof description === "string") assert.equal(err.description, description);
    else assert.match(err.description, description);
    return true;
  });
}

describe("valid proofs", () => {
  for (const alg of ["ES256", "RS256", "PS256", "EdDSA", "Ed25519"] as const) {
    test(`${alg}: verified, jkt is the RFC 7638 thumbprint of the jwk`, async () => {
      const p = await proof({ alg });
      const result = await verifyDpopProof(p, expectation());
      assert.ok(result);
      assert.equal(result.jkt, await calculateJwkThumbprint((await signer(alg)).jwk, "sha256"));
    });
  }

  test("htu is compared after RFC 3986 normalization (case, default port, percent-encoding)", async () => {
    for (const htu of ["HTTP://127.0.0.1:3000/oauth/token", "http://127.0.0.1:3000/oauth/%74oken", "http://127.0.0.1:3000/oauth/./token"]) {
      assert.ok(await verifyDpopProof(await proof({ claims: { htu } }), expectation()), htu);
    }
    const https = expectation({ htu: normalizeEndpointUrl("https://Auth.Example.com/oauth/token") });
    assert.ok(await verifyDpopProof(await proof({ claims: { htu: "https://auth.example.com:443/oauth/token" } }), https));
  });

  test("typ may be written application/dpop+jwt (RFC 7515 §4.1.9)", async () => {
    assert.ok(await verifyDpopProof(await proof({ header: { typ: "application/DPoP+JWT" } }), expectation()));
  });
});

describe("each check refuses its own bad proof", () => {
  test("two DPoP headers (joined by the HTTP layer)", async () => {
    await refused(`${await proof()}, ${await proof()}`, "exactly one DPoP header is allowed");
  });

  test("oversize proof, refused before parsing", async () => {
    const big = await proof({ claims: { pad: "x".repeat(MAX_DPOP_PROOF_BYTES) } });
    await refused(big, `the DPoP proof exceeds ${MAX_DPOP_PROOF_BYTES} bytes`);
  });

  test("not a compact JWS", async () => {
    await refused("", "the DPoP header must be one JWT in compact serialization");
    await refused("not a jwt", "the DPoP header must be one JWT in compact serialization");
    await refused("a.b", "the DPoP header must be one JWT in compact serialization");
    await refused(`${b64([1])}.${b64({})}.AA`, "the DPoP proof header is not a JSON object");
    await refused(`${b64({ alg: "ES256" })}.bm90IGpzb24.AA`, "the DPoP proof payload is not a JSON object");
  });

  test("missing typ", async () => {
    await refused(await proof({ header: { typ: undefined } }), "the DPoP proof has no typ header (must be dpop+jwt)");
  });

  test("wrong typ", async () => {
    await refused(await proof({ header: { typ: "JWT" } }), "the DPoP proof typ header must be dpop+jwt");
    await refused(await proof({ header: { typ: "at+jwt" } }), "the DPoP proof typ header must be dpop+jwt");
  });

  test("alg none", async () => {
    const s = await signer();
    const unsigned = `${b64({ alg: "none", typ: "dpop+jwt", jwk: s.jwk })}.${b64({ jti: "n", htm: "POST", htu: ENDPOINT, iat: nowSeconds() })}.`;
    await refused(unsigned, "the DPoP proof alg must be one of ES256, PS256, RS256, EdDSA, Ed25519");
  });

  test("HS256 (a MAC proves no possession)", async () => {
    const key = crypto.randomBytes(32);
    const input = `${b64({ alg: "HS256", typ: "dpop+jwt", jwk: { kty: "oct", k: key.toString("base64url") } })}.${b64({
      jti: "h",
      htm: "POST",
      htu: ENDPOINT,
      iat: nowSeconds(),
    })}`;
    const mac = crypto.createHmac("sha256", key).update(input).digest("base64url");
    await refused(`${input}.${mac}`, "the DPoP proof alg must be one of ES256, PS256, RS256, EdDSA, Ed25519");
  });

  test("unknown crit header", async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const header = { alg: "ES256", typ: "dpop+jwt", jwk: publicKey.export({ format: "jwk" }), crit: ["exp"], exp: 1 };
    const p = signRaw(header, { jti: "c", htm: "POST", htu: ENDPOINT, iat: nowSeconds() }, privateKey);
    await refused(p, "the DPoP proof has critical header parameters this server does not support");
  });

  test("no jwk header", async () => {
    await refused(await proof({ header: { jwk: undefined, kid: "k1" } }), "the DPoP proof must carry the public key as a jwk header");
  });

  test("private key in the jwk header", async () => {
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    assert.ok(privateJwk.d);
    const p = await new SignJWT({ jti: "p", htm: "POST", htu: ENDPOINT, iat: nowSeconds() })
      .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: privateJwk })
      .sign(privateKey);
    await refused(p, "the DPoP proof jwk header must be a public key: it contains private key material");
  });

  test("jwk of the wrong type for alg", async () => {
    await refused(await proof({ alg: "ES256", header: { jwk: (await signer("RS256")).jwk } }), "ES256 requires an EC P-256 jwk");
    await refused(await proof({ alg: "RS256", header: { alg: "RS256", jwk: (await signer("ES256")).jwk } }), "RS256 requires an RSA jwk");
  });

  test("RSA key below 2048 bits", async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 });
    const jwk = publicKey.export({ format: "jwk" });
    const p = signRaw({ alg: "RS256", typ: "dpop+jwt", jwk }, { jti: "r", htm: "POST", htu: ENDPOINT, iat: nowSeconds() }, privateKey);
    await refused(p, "the DPoP proof jwk is not a usable public key");
  });

  test("bad signature: signed by another key than the jwk", async () => {
    const other = await generateKeyPair("ES256");
    const p = await new SignJWT({ jti: "s", htm: "POST", htu: ENDPOINT, iat: nowSeconds() })
      .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: (await signer()).jwk })
      .sign(other.privateKey);
    await refused(p, "the DPoP proof signature is invalid");
  });

  test("bad signature: claims changed after signing", async () => {
    const [h, , s] = (await proof()).split(".");
    const forged = `${h}.${b64({ jti: "changed", htm: "POST", htu: ENDPOINT, iat: nowSeconds() })}.${s}`;
    await refused(forged, "the DPoP proof signature is invalid");
  });

  test("missing jti", async () => {
    await refused(await proof({ claims: { jti: undefined } }), "the DPoP proof has no jti claim");
    await refused(await proof({ claims: { jti: 42 } }), "the DPoP proof has no jti claim");
  });

  test("jti too long", async () => {
    await refused(await proof({ claims: { jti: "j".repeat(MAX_DPOP_JTI_LENGTH + 1) } }), `the DPoP proof jti exceeds ${MAX_DPOP_JTI_LENGTH} characters`);
  });

  test("missing htm, htu or iat", async () => {
    await refused(await proof({ claims: { htm: undefined } }), "the DPoP proof has no htm claim");
    await refused(await proof({ claims: { htu: undefined } }), "the DPoP proof has no htu claim");
    await refused(await proof({ claims: { iat: undefined } }), "the DPoP proof has no numeric iat claim");
    await refused(await proof({ claims: { iat: String(nowSeconds()) } }), "the DPoP proof has no numeric iat claim");
  });

  test("wrong htm", async () => {
    await refused(await proof({ claims: { htm: "GET" } }), "the DPoP proof htm must be POST");
    await refused(await proof({ claims: { htm: "post" } }), "the DPoP proof htm must be POST");
  });

  test("wrong htu: another host, port, scheme, trailing path, another endpoint", async () => {
    const expected = `the DPoP proof htu must be ${ENDPOINT}`;
    for (const htu of [
      "http://evil.example/oauth/token",
      "http://127.0.0.1:3001/oauth/token",
      "https://127.0.0.1:3000/oauth/token",
      "http://127.0.0.1:3000/oauth/token/",
      "http://127.0.0.1:3000/oauth/token/extra",
      "http://127.0.0.1:3000/oauth/introspect",
      "http://user@127.0.0.1:3000/oauth/token",
      "/oauth/token",
      "ftp://127.0.0.1:3000/oauth/token",
    ]) {
      await refused(await proof({ claims: { htu } }), expected);
    }
  });

  test("wrong htu: with a query or fragment", async () => {
    for (const htu of [`${ENDPOINT}?a=1`, `${ENDPOINT}#frag`, `${ENDPOINT}?`]) {
      await refused(await proof({ claims: { htu } }), "the DPoP proof htu must not contain a query or fragment");
    }
  });

  test("iat too old", async () => {
    await refused(
      await proof({ claims: { iat: nowSeconds() - DPOP_PROOF_MAX_AGE_SECONDS - 5 } }),
      `the DPoP proof is too old (iat more than ${DPOP_PROOF_MAX_AGE_SECONDS} s ago)`,
    );
  });

  test("iat in the future", async () => {
    await refused(
      await proof({ claims: { iat: nowSeconds() + DPOP_PROOF_MAX_FUTURE_SECONDS + 5 } }),
      `the DPoP proof iat is more than ${DPOP_PROOF_MAX_FUTURE_SECONDS} s in the future`,
    );
  });

  test("replayed jti: the same proof twice is refused the second time (real database)", async () => {
    const p = await proof();
    assert.ok(await verifyDpopProof(p, expectation()));
    await refused(p, "the DPoP proof has been used before (jti replayed)");
  });

  test("replayed jti in a new proof by the same key; another key's identical jti is its own", async () => {
    const jti = crypto.randomUUID();
    assert.ok(await verifyDpopProof(await proof({ claims: { jti } }), expectation()));
    await refused(await proof({ claims: { jti, iat: nowSeconds() - 1 } }), "the DPoP proof has been used before (jti replayed)");
    assert.ok(await verifyDpopProof(await proof({ alg: "EdDSA", claims: { jti } }), expectation()));
  });

  test("a proof failing any check costs no write to the replay store", async () => {
    let claims = 0;
    const counting = expectation({ replay: { claimOnce: async () => (claims++, true) } });
    await assert.rejects(verifyDpopProof(await proof({ claims: { htm: "GET" } }), counting));
    await assert.rejects(verifyDpopProof(await proof({ header: { typ: "JWT" } }), counting));
    assert.equal(claims, 0);
  });

  test("descriptions never echo the caller's input", async () => {
    const marker = "ATTACKER<script>";
    for (const p of [
      await proof({ claims: { htu: `http://${marker}/x` } }),
      await proof({ claims: { htm: marker } }),
      await proof({ header: { typ: marker } }),
    ]) {
      await assert.rejects(verifyDpopProof(p, expectation()), (err: DpopProofError) => !err.description.includes("ATTACKER"));
    }
  });
});

describe("server nonces (RFC 9449 §8)", () => {
  const nonces = new DpopNonces(crypto.randomBytes(32));

  test("nonces on: a proof without a nonce gets use_dpop_nonce, with the nonce to use in DPoP-Nonce", async () => {
    await refused(await proof(), "the authorization server requires a nonce in the DPoP proof", expectation({ nonces }), "use_dpop_nonce");
    const err = await verifyDpopProof(await proof(), expectation({ nonces })).catch((e: DpopProofError) => e);
    assert.ok(err instanceof DpopProofError);
    assert.deepEqual(err.headers, { "DPoP-Nonce": nonces.current() });
    assert.ok(await verifyDpopProof(await proof({ claims: { nonce: err.headers["DPoP-Nonce"] } }), expectation({ nonces })), "the retry succeeds");
  });

  test("nonces on: the current nonce is accepted", async () => {
    assert.ok(await verifyDpopProof(await proof({ claims: { nonce: nonces.current() } }), expectation({ nonces })));
  });

  test("nonces on: a stale, foreign or malformed nonce gets use_dpop_nonce", async () => {
    const stale = nonces.current(Date.now() - 3 * DPOP_NONCE_PERIOD_SECONDS * 1000);
    const foreign = new DpopNonces(crypto.randomBytes(32)).current();
    for (const nonce of [stale, foreign, "short", 7]) {
      await refused(
        await proof({ claims: { nonce } }),
        "the DPoP proof nonce is not current; use the one in the DPoP-Nonce header",
        expectation({ nonces }),
        "use_dpop_nonce",
      );
    }
  });

  test("nonces on: an invalid proof is still invalid_dpop_proof, not use_dpop_nonce", async () => {
    await refused(await proof({ claims: { htm: "GET" } }), "the DPoP proof htm must be POST", expectation({ nonces }));
  });

  test("nonces off: a nonce in the proof is not checked", async () => {
    assert.ok(await verifyDpopProof(await proof({ claims: { nonce: "anything" } }), expectation()));
  });
});

// Every check of a private_key_jwt client assertion (RFC 7523 §3, RFC 7521 §4.2, OpenID Connect
// Core §9), each rejection reason on its own, with the replay store on a real, migrated database
// (PostgreSQL with TEST_DATABASE_URL, PGlite otherwise).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { SignJWT, base64url } from "jose";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../../test-support/migrated-test-database";
import { createReplayStore, type ReplayStore } from "../../replay/replay-store";
import { parseClientKeys } from "../../client-keys/parse-client-keys";
import { toVerificationKey, type VerificationKey } from "../../client-keys/verification-key";
import {
  ClientAssertionRejected,
  JWT_BEARER_ASSERTION_TYPE,
  verifyClientAssertion,
  type AssertionKeySource,
  type AssertionRejection,
  type VerifyClientAssertionInput,
} from "./verify-client-assertion";

const ISSUER = "https://auth.example.test";
const TOKEN_URL = `${ISSUER}/oauth/token`;
const CLIENT = "kp_client_under_test";

let t: MigratedTestDatabase;
let replay: ReplayStore;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_assert");
  replay = createReplayStore(t.db);
});
after(async () => t?.drop());

const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const other = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const ed = crypto.generateKeyPairSync("ed25519");
const pub = (k: crypto.KeyObject) => k.export({ format: "jwk" });

async function registered(): Promise<VerificationKey[]> {
  const keys = await parseClientKeys(
    JSON.stringify({
      keys: [
        { ...pub(ec.publicKey), kid: "ec-1" },
        { ...pub(rsa.publicKey), kid: "rsa-1", alg: "PS256" },
        pub(ed.publicKey), // no kid: matched by its thumbprint, or tried when the header has none
      ],
    }),
  );
  return keys.map(toVerificationKey);
}
let keys: VerificationKey[];
before(async () => {
  keys = await registered();
});

const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = { iss: CLIENT, sub: CLIENT, aud: ISSUER, exp: now() + 60, iat: now(), jti: crypto.randomUUID() };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

async function sign(payload: Record<string, unknown>, header: { alg: string; kid?: string }, key: crypto.KeyObject | Uint8Array = ec.privateKey): Promise<string> {
  return new SignJWT(payload).setProtectedHeader(header).sign(key);
}

const ecAssertion = (overrides: Record<string, unknown> = {}) => sign(claims(overrides), { alg: "ES256", kid: "ec-1" });

function input(assertion: string, extra: Partial<VerifyClientAssertionInput> = {}): VerifyClientAssertionInput {
  return {
    clientId: CLIENT,
    assertionType: JWT_BEARER_ASSERTION_TYPE,
    assertion,
    audiences: [ISSUER, TOKEN_URL],
    keys: { keys: async () => keys },
    claimJti: (jti, expiresAt) => replay.claimOnce("client_assertion", CLIENT, jti, expiresAt),
    ...extra,
  };
}

async function rejected(p: Promise<unknown>, reason: AssertionRejection): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ClientAssertionRejected, String(e));
    assert.equal(e.reason, reason);
    return true;
  });
}

describe("accepted", () => {
  test("ES256 with kid, aud = issuer", async () => {
    const r = await verifyClientAssertion(input(await ecAssertion()));
    assert.equal(r.keyThumbprint, keys[0]!.thumbprint);
  });
  test("aud = the endpoint URL, or an array containing one accepted value", async () => {
    await verifyClientAssertion(input(await ecAssertion({ aud: TOKEN_URL })));
    await verifyClientAssertion(input(await ecAssertion({ aud: ["https://elsewhere.test", TOKEN_URL] })));
  });
  test("PS256 (the RSA key's alg), EdDSA without kid, and EdDSA with its thumbprint as kid", async () => {
    await verifyClientAssertion(input(await sign(claims(), { alg: "PS256", kid: "rsa-1" }, rsa.privateKey)));
    await verifyClientAssertion(input(await sign(claims(), { alg: "EdDSA" }, ed.privateKey)));
    await verifyClientAssertion(input(await sign(claims(), { alg: "EdDSA", kid: keys[2]!.thumbprint }, ed.privateKey)));
  });
  test("exp just inside the clock skew, nbf and iat in the past", async () => {
    await verifyClientAssertion(input(await ecAssertion({ exp: now() - 10, nbf: now() - 60, iat: now() - 60 })));
  });
});

describe("each rejection reason", () => {
  test("wrong client_assertion_type", async () => {
    await rejected(verifyClientAssertion(input(await ecAssertion(), { assertionType: "urn:ietf:params:oauth:client-assertion-type:saml2-bearer" })), "wrong_assertion_type");
    await rejected(verifyClientAssertion(input(await ecAssertion(), { assertionType: undefined })), "wrong_assertion_type");
  });
  test("not a compact JWS", async () => {
    await rejected(verifyClientAssertion(input("not-a-jwt")), "malformed");
    await rejected(verifyClientAssertion(input("a.b.c.d.e")), "malformed");
    await rejected(verifyClientAssertion(input("%%%.%%%.%%%")), "malformed");
  });
  test("iss ≠ sub", async () => {
    await rejected(verifyClientAssertion(input(await ecAssertion({ sub: "kp_someone_else" }))), "sub_not_iss");
  });
  test("iss ≠ client_id (the body's client_id names another client)", async () => {
    await rejected(verifyClientAssertion(input(await ecAssertion({ iss: "kp_other", sub: "kp_other" }))), "iss_not_client_id");
  });
  test("bad aud: another server, missing, or an array without us", async () => {
    await rejected(verifyClientAssertion(input(await ecAssertion({ aud: "https://evil.example" }))), "bad_aud");
    await rejected(verifyClientAssertion(input(await ecAssertion({ aud: undefined }))), "bad_aud");
    await rejected(verifyClientAssertion(input(await ecAssertion({ aud: ["https://a.example", "https://b.example"] }))), "bad_aud");
    await rejected(verifyClientAssertion(input(await ecAssertion({ aud: `${ISSUER}/` }))), "bad_aud");
  });
  test("exp missing, expired, or more than 5 minutes ahead", async () => {
    await rejected(verifyClientAssertion(input(await ecAssertion({ exp: undefined }))), "missing_exp");
    await rejected(verifyClientAssertion(input(await ecAssertion({ exp: "soon" }))), "missing_exp");
    await rejected(verifyClientAssertion(input(await ecAssertion({ exp: now() - 31 }))), "expired");
    await rejected(verifyClientAssertion(input(await ecAssertion({ exp: now() + 5 * 60 + 31 }))), "exp_too_far");
  });
  test("nbf or iat in the future", async () => {
    await rejected(verifyClientAssertion(input(await ecAssertion({ nbf: now() + 120 }))), "nbf_in_future");
    await rejected(verifyClientAssertion(input(await ecAssertion({ iat: now() + 120 }))), "iat_in_future");
  });
  test("jti missing, empty, or not a string", async () => {
    await rejected(verifyClientAssertion(input(await ecAssertion({ jti: undefined }))), "missing_jti");
    await rejected(verifyClientAssertion(input(await ecAssertion({ jti: 42 }))), "missing_jti");
    await rejected(verifyClientAssertion(input(await ecAssertion({ jti: "x".repeat(257) }))), "missing_jti");
  });
  test("a replayed jti, in the shared store (a second store on the same database refuses it too)", async () => {
    const assertion = await ecAssertion();
    await verifyClientAssertion(input(assertion));
    await rejected(verifyClientAssertion(input(assertion)), "replayed_jti");
    const secondInstance = createReplayStore(t.db);
    await rejected(verifyClientAssertion(input(assertion, { claimJti: (jti, exp) => secondInstance.claimOnce("client_assertion", CLIENT, jti, exp) })), "replayed_jti");
  });
  test("alg none", async () => {
    const unsigned = `${base64url.encode(JSON.stringify({ alg: "none" }))}.${base64url.encode(JSON.stringify(claims()))}.`;
    await rejected(verifyClientAssertion(input(unsigned)), "alg_none");
  });
  test("HS256 (even keyed with a registered public key's bytes)", async () => {
    const secret = new TextEncoder().encode(JSON.stringify(pub(ec.publicKey)));
    await rejected(verifyClientAssertion(input(await sign(claims(), { alg: "HS256", kid: "ec-1" }, secret))), "alg_hmac");
  });
  test("an alg outside the allow-list", async () => {
    await rejected(verifyClientAssertion(input(await sign(claims(), { alg: "RS512", kid: "rsa-1" }, rsa.privateKey))), "alg_not_allowed");
  });
  test("alg/key mismatch: RS256 for the key registered as PS256", async () => {
    await rejected(verifyClientAssertion(input(await sign(claims(), { alg: "RS256", kid: "rsa-1" }, rsa.privateKey))), "alg_key_mismatch");
  });
  test("unknown kid", async () => {
    await rejected(verifyClientAssertion(input(await sign(claims(), { alg: "ES256", kid: "nope" }))), "unknown_kid");
  });
  test("signed by a key that is not registered (claiming a registered kid, or no kid)", async () => {
    await rejected(verifyClientAssertion(input(await sign(claims(), { alg: "ES256", kid: "ec-1" }, other.privateKey))), "bad_signature");
    await rejected(verifyClientAssertion(input(await sign(claims(), { alg: "ES256" }, other.privateKey))), "bad_signature");
  });
  test("a client without keys", async () => {
    await rejected(verifyClientAssertion(input(await ecAssertion(), { keys: { keys: async () => [] } })), "no_keys");
  });
  test("a rejected assertion (bad signature) does not use up its jti", async () => {
    const jti = crypto.randomUUID();
    await rejected(verifyClientAssertion(input(await sign(claims({ jti }), { alg: "ES256", kid: "ec-1" }, other.privateKey))), "bad_signature");
    await verifyClientAssertion(input(await sign(claims({ jti }), { alg: "ES256", kid: "ec-1" })));
  });
});

describe("jwks_uri key source", () => {
  test("an unknown kid refetches once and then verifies with the rotated key", async () => {
    const rotated = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const [fresh] = (await parseClientKeys(JSON.stringify({ ...pub(rotated.publicKey), kid: "ec-2" }))).map(toVerificationKey);
    let refetches = 0;
    const source: AssertionKeySource = { keys: async () => [keys[0]!], refetch: async () => (refetches++, [keys[0]!, fresh!]) };
    await verifyClientAssertion(input(await sign(claims(), { alg: "ES256", kid: "ec-2" }, rotated.privateKey), { keys: source }));
    assert.equal(refetches, 1);
  });
  test("an unknown kid still unknown after the refetch is refused (one refetch only)", async () => {
    let refetches = 0;
    const source: AssertionKeySource = { keys: async () => [keys[0]!], refetch: async () => (refetches++, [keys[0]!]) };
    await rejected(verifyClientAssertion(input(await sign(claims(), { alg: "ES256", kid: "ghost" }), { keys: source })), "unknown_kid");
    assert.equal(refetches, 1);
  });
  test("a known kid with a bad signature does not refetch", async () => {
    let refetches = 0;
    const source: AssertionKeySource = { keys: async () => [keys[0]!], refetch: async () => (refetches++, [keys[0]!]) };
    await rejected(verifyClientAssertion(input(await sign(claims(), { alg: "ES256", kid: "ec-1" }, other.privateKey), { keys: source })), "bad_signature");
    assert.equal(refetches, 0);
  });
});

// The DPoP token binding inside the real OAuth server (registries as the runtime builds them, a
// real migrated database): a valid proof binds the token (cnf.jkt, token_type DPoP), a bad one is
// 400 invalid_dpop_proof, "require DPoP" refuses Bearer requests, nonces (§8) come and go in the
// DPoP-Nonce header, and the metadata advertises the proof algorithms.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { SignJWT, calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../../test-support/migrated-test-database";
import { createTestOAuthServices } from "../../test-support/test-oauth-services";
import { registerApp } from "../../apps/register-app";
import { setRequireDpop } from "../../apps/set-require-dpop";
import { cliActor } from "../../audit/actor";
import type { OAuthServices } from "../oauth-services";
import { createOAuthServer } from "../oauth-server";
import type { OAuthRequest, OAuthResponse } from "../oauth-http";
import { DPOP_REQUIRED_DESCRIPTION } from "./dpop-binding";
import { DPOP_SIGNING_ALGS } from "./verify-dpop-proof";

let t: MigratedTestDatabase;
let services: OAuthServices;
let app: { clientId: string; clientSecret: string; appId: string };
let key: { privateKey: CryptoKey; jwk: JWK; jkt: string };

before(async () => {
  t = await createMigratedTestDatabase("kp_unit_dpop_binding");
  services = await createTestOAuthServices(t);
  const r = await registerApp(t.prisma, { name: "DPoP test", ownerEmail: "o@example.com", scopes: ["application.client"] }, cliActor(), {
    pepper: t.config.secret,
    defaultTokenLifetime: 600,
    preApproved: true,
  });
  app = { clientId: r.app.clientId, clientSecret: r.clientSecret, appId: r.app.id };
  const pair = await generateKeyPair("ES256");
  const jwk = await exportJWK(pair.publicKey);
  key = { privateKey: pair.privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, "sha256") };
});
after(async () => t?.drop());

const htu = () => `${t.config.publicOrigin}/oauth/token`;
const proof = (claims: Record<string, unknown> = {}) =>
  new SignJWT({ jti: crypto.randomUUID(), htm: "POST", htu: htu(), iat: Math.floor(Date.now() / 1000), ...claims })
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.jwk })
    .sign(key.privateKey);

function tokenRequest(dpop?: string): OAuthRequest {
  const h: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`,
  };
  if (dpop !== undefined) h.dpop = dpop;
  return { method: "POST", header: (n) => h[n], body: "grant_type=client_credentials", bodyTooLarge: false, remoteAddress: "192.0.2.9" };
}
const body = (r: OAuthResponse) => JSON.parse(r.body) as Record<string, unknown>;

function token(s = createOAuthServer(services)) {
  const h = s.routes.get("/oauth/token");
  assert.ok(h);
  return h;
}

test("a valid proof: token_type DPoP and cnf.jkt; no proof: Bearer without cnf", async () => {
  const post = token();
  const bound = await post(tokenRequest(await proof()));
  assert.equal(bound.status, 200, bound.body);
  assert.equal(body(bound).token_type, "DPoP");
  assert.deepEqual(decodeJwt(body(bound).access_token as string).cnf, { jkt: key.jkt });
  assert.equal(bound.headers["DPoP-Nonce"], undefined);
  const bearer = await post(tokenRequest());
  assert.equal(body(bearer).token_type, "Bearer");
  assert.equal(decodeJwt(body(bearer).access_token as string).cnf, undefined);
});

test("a bad proof is 400 invalid_dpop_proof, never a Bearer token", async () => {
  const r = await token()(tokenRequest(await proof({ htu: "http://evil.example/oauth/token" })));
  assert.equal(r.status, 400);
  assert.deepEqual(body(r), { error: "invalid_dpop_proof", error_description: `the DPoP proof htu must be ${htu()}` });
  assert.equal(r.headers["Cache-Control"], "no-store");
});

test("require DPoP: without a proof 400 invalid_request; with one, a DPoP token", async () => {
  await setRequireDpop(t.prisma, { id: app.appId }, true, cliActor());
  services.clients.invalidate(`client:${app.clientId}`); // what the NOTIFY listener does in a running server
  try {
    const post = token();
    const refused = await post(tokenRequest());
    assert.equal(refused.status, 400);
    assert.deepEqual(body(refused), { error: "invalid_request", error_description: DPOP_REQUIRED_DESCRIPTION });
    const bound = await post(tokenRequest(await proof()));
    assert.equal(bound.status, 200, bound.body);
    assert.equal(body(bound).token_type, "DPoP");
  } finally {
    await setRequireDpop(t.prisma, { id: app.appId }, false, cliActor());
    services.clients.invalidate(`client:${app.clientId}`);
  }
});

test("KEYPORT_DPOP_NONCE=on: use_dpop_nonce with DPoP-Nonce; the retry gets a token and the nonce", async () => {
  const post = token(createOAuthServer({ ...services, config: { ...services.config, KEYPORT_DPOP_NONCE: "on" } }));
  const first = await post(tokenRequest(await proof()));
  assert.equal(first.status, 400);
  assert.deepEqual(body(first), { error: "use_dpop_nonce", error_description: "the authorization server requires a nonce in the DPoP proof" });
  const nonce = first.headers["DPoP-Nonce"];
  assert.match(nonce ?? "", /^[A-Za-z0-9_-]{43}$/);
  const retried = await post(tokenRequest(await proof({ nonce })));
  assert.equal(retried.status, 200, retried.body);
  assert.equal(body(retried).token_type, "DPoP");
  assert.equal(retried.headers["DPoP-Nonce"], nonce);
  // Bearer requests need no nonce.
  assert.equal((await post(tokenRequest())).status, 200);
});

test("both metadata documents advertise dpop_signing_alg_values_supported (RFC 9449 §5.1)", async () => {
  const s = createOAuthServer(services);
  for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
    const h = s.routes.get(path);
    assert.ok(h, path);
    const r = await h({ method: "GET", header: () => undefined, body: "", bodyTooLarge: false, remoteAddress: "192.0.2.9" });
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(body(r).dpop_signing_alg_values_supported, [...DPOP_SIGNING_ALGS]);
  }
});

// DPoP-bound tokens (issue #9 §3; RFC 9449) against the production server, with real client
// libraries: openid-client 6 (getDPoPHandle) and panva's `dpop` package, the token verified with
// jose including cnf.jkt. Bad proofs are exactly 400 invalid_dpop_proof; a replayed proof is refused
// on a second instance of the same PostgreSQL deployment; "require DPoP" refuses Bearer requests;
// introspection reports cnf and token_type DPoP; server nonces (§8) work across instances.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import * as oidc from "openid-client";
import * as dpop from "dpop";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from "jose";
import {
  cliJson,
  createApp,
  createDeployment,
  ensureBuild,
  freePort,
  selectedBackends,
  startKeyport,
  type CreatedApp,
  type Deployment,
  type KeyportServer,
} from "../support/keyport";
import { basicAuth, decodeJwtPayload, eventually, postForm, request, verifyAccessToken, type HttpResult } from "../support/oauth";

const DEFAULT_AUDIENCE = "urn:keyport:api";
const DPOP_ALGS = ["ES256", "PS256", "RS256", "EdDSA", "Ed25519"];
const REQUIRED = "this client requires DPoP-bound tokens (RFC 9449): send a DPoP proof";
// Caches are invalidated "within a second"; slack for a loaded 2-core machine.
const INVALIDATION_MS = 2500;

const tokenRequest = (base: string, app: CreatedApp, headers: Record<string, string> = {}) =>
  postForm(`${base}/oauth/token`, { grant_type: "client_credentials" }, { Authorization: basicAuth(app.client_id, app.client_secret), ...headers });

/** Exactly this 400 body, not cached. */
function assertDpopError(res: HttpResult, body: Record<string, string>): void {
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.body, body);
  assert.match(res.headers.get("cache-control") ?? "", /no-store/);
}
const invalidProof = (description: string) => ({ error: "invalid_dpop_proof", error_description: description });

/** A POST sent with node:http, so a header can be repeated on the wire (fetch would merge it). */
function rawPost(url: string, headers: Record<string, string | string[]>, body: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers: { ...headers, "Content-Length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        let parsed: Record<string, unknown> | undefined;
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = undefined;
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") h.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers: h, text, body: parsed });
      });
    });
    req.on("error", reject);
    req.setTimeout(15_000, () => req.destroy(new Error("timeout")));
    req.end(body);
  });
}

/** A proof built by hand with jose's SignJWT per RFC 9449 §4.2; claims or header members set to undefined are left out. */
async function handProof(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const payload: Record<string, unknown> = { jti: crypto.randomUUID(), htm: "POST", iat: Math.floor(Date.now() / 1000), ...claims };
  const protectedHeader: Record<string, unknown> = { typ: "dpop+jwt", alg: "ES256", jwk: await exportJWK(publicKey), ...header };
  for (const o of [payload, protectedHeader]) for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return new SignJWT(payload).setProtectedHeader(protectedHeader as { alg: string }).sign(privateKey);
}

/** openid-client 6 as an application would configure it for this server. */
function openidConfig(base: string, issuer: string, app: CreatedApp): oidc.Configuration {
  const config = new oidc.Configuration(
    { issuer, token_endpoint: `${base}/oauth/token`, introspection_endpoint: `${base}/oauth/introspect` },
    app.client_id,
    undefined,
    oidc.ClientSecretBasic(app.client_secret),
  );
  oidc.allowInsecureRequests(config); // http://127.0.0.1 in tests
  return config;
}

for (const backend of selectedBackends()) {
  describe(`DPoP-bound tokens (${backend})`, () => {
    let d: Deployment;
    let a: KeyportServer;
    /** A second instance of the same deployment (PostgreSQL only; embedded holds a data-dir lock). */
    let b: KeyportServer | undefined;
    let issuer: string;
    let app: CreatedApp;

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend);
      if (backend === "postgres") {
        // Two instances behind one public origin, as behind a load balancer: a proof's htu is the
        // same for both.
        const [pa, pb] = [await freePort(), await freePort()];
        issuer = `http://127.0.0.1:${pa}`;
        [a, b] = await Promise.all([
          startKeyport(d, { PORT: String(pa), KEYPORT_ISSUER: issuer }),
          startKeyport(d, { PORT: String(pb), KEYPORT_ISSUER: issuer }),
        ]);
      } else {
        a = await startKeyport(d);
        issuer = a.url;
      }
      app = await createApp(d);
    });
    after(async () => {
      await d?.dispose();
    });

    test("metadata advertises dpop_signing_alg_values_supported (RFC 9449 §5.1)", async () => {
      for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
        const res = await request(`${a.url}${path}`, { method: "GET" });
        assert.equal(res.status, 200, `${path}: ${res.text}`);
        assert.deepEqual(res.body!.dpop_signing_alg_values_supported, DPOP_ALGS, path);
      }
    });

    for (const alg of ["ES256", "PS256", "Ed25519"]) {
      test(`openid-client 6 getDPoPHandle (${alg}): token_type DPoP, cnf.jkt is the key's thumbprint (jose)`, async () => {
        const config = openidConfig(a.url, issuer, app);
        const keyPair = await oidc.randomDPoPKeyPair(alg);
        const tokens = await oidc.clientCredentialsGrant(config, {}, { DPoP: oidc.getDPoPHandle(config, keyPair) });
        assert.equal(tokens.token_type, "dpop", "openid-client lower-cases token_type; the server said DPoP");
        const { payload, protectedHeader } = await verifyAccessToken(a.url, tokens.access_token, { issuer, audience: DEFAULT_AUDIENCE });
        assert.equal(protectedHeader.typ, "at+jwt", "a bound token is still an RFC 9068 access token");
        assert.deepEqual(payload.cnf, { jkt: await calculateJwkThumbprint(await exportJWK(keyPair.publicKey), "sha256") });
      });
    }

    test("the dpop package: exact token response, cnf.jkt; the same proof again is refused", async () => {
      const keyPair = await dpop.generateKeyPair("ES256");
      const proof = await dpop.generateProof(keyPair, `${issuer}/oauth/token`, "POST");
      const res = await tokenRequest(a.url, app, { DPoP: proof });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(Object.keys(res.body!).sort(), ["access_token", "expires_in", "scope", "token_type"]);
      assert.equal(res.body!.token_type, "DPoP");
      assert.equal(res.headers.get("dpop-nonce"), null, "nonces are off by default");
      const token = res.body!.access_token as string;
      const { payload } = await verifyAccessToken(a.url, token, { issuer, audience: DEFAULT_AUDIENCE });
      assert.deepEqual(payload.cnf, { jkt: await dpop.calculateThumbprint(keyPair.publicKey) });

      assertDpopError(await tokenRequest(a.url, app, { DPoP: proof }), invalidProof("the DPoP proof has been used before (jti replayed)"));
    });

    test("a proof built by hand with jose's SignJWT, per RFC 9449 §4.2", async () => {
      const { privateKey, publicKey } = await generateKeyPair("ES256");
      const jwk = await exportJWK(publicKey);
      const proof = await new SignJWT({ jti: crypto.randomUUID(), htm: "POST", htu: `${issuer}/oauth/token`, iat: Math.floor(Date.now() / 1000) })
        .setProtectedHeader({ typ: "dpop+jwt", alg: "ES256", jwk })
        .sign(privateKey);
      const res = await tokenRequest(a.url, app, { DPoP: proof });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body!.token_type, "DPoP");
      assert.deepEqual(decodeJwtPayload(res.body!.access_token as string).cnf, { jkt: await calculateJwkThumbprint(jwk, "sha256") });
    });

    test("without a DPoP header: a Bearer token without cnf, as before", async () => {
      const res = await tokenRequest(a.url, app);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body!.token_type, "Bearer");
      assert.equal(decodeJwtPayload(res.body!.access_token as string).cnf, undefined);
    });

    test("bad proofs: exactly 400 invalid_dpop_proof, never a token", async () => {
      const keyPair = await dpop.generateKeyPair("ES256");
      const htu = `${issuer}/oauth/token`;
      const cases: Array<[string, Promise<string> | string, string]> = [
        ["wrong htm", dpop.generateProof(keyPair, htu, "GET"), "the DPoP proof htm must be POST"],
        ["another host", dpop.generateProof(keyPair, "http://evil.example/oauth/token", "POST"), `the DPoP proof htu must be ${issuer}/oauth/token`],
        ["a trailing path", dpop.generateProof(keyPair, `${htu}/x`, "POST"), `the DPoP proof htu must be ${issuer}/oauth/token`],
        ["another endpoint", dpop.generateProof(keyPair, `${issuer}/oauth/introspect`, "POST"), `the DPoP proof htu must be ${issuer}/oauth/token`],
        ["not a JWT", "not-a-jwt", "the DPoP header must be one JWT in compact serialization"],
        ["an access token in place of a proof", (async () => (await tokenRequest(a.url, app)).body!.access_token as string)(), "the DPoP proof typ header must be dpop+jwt"],
        ["too old", handProof({ htu, iat: Math.floor(Date.now() / 1000) - 300 }), "the DPoP proof is too old (iat more than 60 s ago)"],
        ["in the future", handProof({ htu, iat: Math.floor(Date.now() / 1000) + 300 }), "the DPoP proof iat is more than 60 s in the future"],
        ["no typ", handProof({ htu }, { typ: undefined }), "the DPoP proof has no typ header (must be dpop+jwt)"],
        ["no jti", handProof({ htu, jti: undefined }), "the DPoP proof has no jti claim"],
      ];
      for (const [what, proof, description] of cases) {
        const res = await tokenRequest(a.url, app, { DPoP: await proof });
        assert.equal(res.status, 400, `${what}: ${res.text}`);
        assertDpopError(res, invalidProof(description));
      }
    });

    test("the htu is the public origin's, whatever Host the request carries", async () => {
      const keyPair = await dpop.generateKeyPair("ES256");
      const forged = await dpop.generateProof(keyPair, "http://evil.example/oauth/token", "POST");
      const body = "grant_type=client_credentials";
      const res = await rawPost(
        `${a.url}/oauth/token`,
        { Host: "evil.example", "X-Forwarded-Host": "evil.example", "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth(app.client_id, app.client_secret), DPoP: forged },
        body,
      );
      assertDpopError(res, invalidProof(`the DPoP proof htu must be ${issuer}/oauth/token`));
    });

    test("two DPoP header fields, and an oversize proof: 400 invalid_dpop_proof", async () => {
      const keyPair = await dpop.generateKeyPair("ES256");
      const htu = `${issuer}/oauth/token`;
      const headers = { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth(app.client_id, app.client_secret) };
      const two = await rawPost(`${a.url}/oauth/token`, { ...headers, DPoP: [await dpop.generateProof(keyPair, htu, "POST"), await dpop.generateProof(keyPair, htu, "POST")] }, "grant_type=client_credentials");
      assertDpopError(two, invalidProof("exactly one DPoP header is allowed"));
      const big = await dpop.generateProof(keyPair, htu, "POST", undefined, undefined, { pad: "x".repeat(9000) });
      assertDpopError(await tokenRequest(a.url, app, { DPoP: big }), invalidProof("the DPoP proof exceeds 8192 bytes"));
    });

    test("client authentication comes first: a failed one does not use up the proof", async () => {
      const keyPair = await dpop.generateKeyPair("ES256");
      const proof = await dpop.generateProof(keyPair, `${issuer}/oauth/token`, "POST");
      const wrong = await postForm(`${a.url}/oauth/token`, { grant_type: "client_credentials" }, { Authorization: basicAuth(app.client_id, "wrong-secret"), DPoP: proof });
      assert.equal(wrong.status, 401, wrong.text);
      assert.equal(wrong.body!.error, "invalid_client");
      const ok = await tokenRequest(a.url, app, { DPoP: proof });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body!.token_type, "DPoP");
    });

    test("introspection: cnf and token_type DPoP for a bound token, Bearer otherwise (RFC 9449 §6.2)", async () => {
      const keyPair = await dpop.generateKeyPair("ES256");
      const bound = await tokenRequest(a.url, app, { DPoP: await dpop.generateProof(keyPair, `${issuer}/oauth/token`, "POST") });
      const token = bound.body!.access_token as string;
      const introspect = (t: string) => postForm(`${a.url}/oauth/introspect`, { token: t }, { Authorization: basicAuth(app.client_id, app.client_secret) });
      const res = await introspect(token);
      assert.equal(res.status, 200, res.text);
      const claims = decodeJwtPayload(token);
      assert.deepEqual(res.body, {
        active: true,
        client_id: app.client_id,
        scope: "application.client",
        aud: DEFAULT_AUDIENCE,
        iss: issuer,
        sub: app.client_id,
        exp: claims.exp,
        iat: claims.iat,
        jti: claims.jti,
        token_type: "DPoP",
        cnf: { jkt: await dpop.calculateThumbprint(keyPair.publicKey) },
      });
      const bearer = await introspect((await tokenRequest(a.url, app)).body!.access_token as string);
      assert.equal(bearer.body!.token_type, "Bearer");
      assert.equal(bearer.body!.cnf, undefined);
    });

    test("require DPoP: a Bearer request is refused with a clear error; with a proof, a DPoP token", async () => {
      const strict = await createApp(d);
      const on = await cliJson(d, ["apps", "require-dpop", strict.client_id, "on"]);
      assert.deepEqual(on, { id: strict.client_id, require_dpop: true, changed: true });
      // The notify trigger drops the cached client on every instance.
      for (const s of b ? [a, b] : [a]) {
        assert.ok(await eventually(async () => (await tokenRequest(s.url, strict)).status === 400, INVALIDATION_MS), `refused on ${s.url}`);
        const res = await tokenRequest(s.url, strict);
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, { error: "invalid_request", error_description: REQUIRED });
        const keyPair = await dpop.generateKeyPair("ES256");
        const bound = await tokenRequest(s.url, strict, { DPoP: await dpop.generateProof(keyPair, `${issuer}/oauth/token`, "POST") });
        assert.equal(bound.status, 200, bound.text);
        assert.equal(bound.body!.token_type, "DPoP");
        assert.deepEqual(decodeJwtPayload(bound.body!.access_token as string).cnf, { jkt: await dpop.calculateThumbprint(keyPair.publicKey) });
      }
      await cliJson(d, ["apps", "require-dpop", strict.client_id, "off"]);
      assert.ok(await eventually(async () => (await tokenRequest(a.url, strict)).status === 200, INVALIDATION_MS), "Bearer again once off");
    });

    if (backend === "postgres") {
      test("a proof accepted by one instance is refused by the other (one shared replay store)", async () => {
        const keyPair = await dpop.generateKeyPair("ES256");
        const proof = await dpop.generateProof(keyPair, `${issuer}/oauth/token`, "POST");
        const first = await tokenRequest(a.url, app, { DPoP: proof });
        assert.equal(first.status, 200, first.text);
        assertDpopError(await tokenRequest(b!.url, app, { DPoP: proof }), invalidProof("the DPoP proof has been used before (jti replayed)"));
        // Two instances racing on one fresh proof: exactly one wins.
        const raced = await dpop.generateProof(keyPair, `${issuer}/oauth/token`, "POST");
        const results = await Promise.all([a, b!, a, b!].map((s) => tokenRequest(s.url, app, { DPoP: raced })));
        assert.deepEqual(results.map((r) => r.status).sort(), [200, 400, 400, 400]);
      });
    }
  });

  describe(`DPoP server nonces, KEYPORT_DPOP_NONCE=on (${backend})`, () => {
    let d: Deployment;
    let a: KeyportServer;
    let b: KeyportServer;
    let issuer: string;
    let app: CreatedApp;

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend, { KEYPORT_DPOP_NONCE: "on" });
      if (backend === "postgres") {
        const [pa, pb] = [await freePort(), await freePort()];
        issuer = `http://127.0.0.1:${pa}`;
        [a, b] = await Promise.all([
          startKeyport(d, { PORT: String(pa), KEYPORT_ISSUER: issuer }),
          startKeyport(d, { PORT: String(pb), KEYPORT_ISSUER: issuer }),
        ]);
      } else {
        a = b = await startKeyport(d);
        issuer = a.url;
      }
      app = await createApp(d);
    });
    after(async () => {
      await d?.dispose();
    });

    test("no nonce: 400 use_dpop_nonce with a DPoP-Nonce header; retried with it (on another instance): a DPoP token and a fresh nonce", async () => {
      const keyPair = await dpop.generateKeyPair("ES256");
      const htu = `${issuer}/oauth/token`;
      const first = await tokenRequest(a.url, app, { DPoP: await dpop.generateProof(keyPair, htu, "POST") });
      assertDpopError(first, { error: "use_dpop_nonce", error_description: "the authorization server requires a nonce in the DPoP proof" });
      const nonce = first.headers.get("dpop-nonce");
      assert.match(nonce ?? "", /^[A-Za-z0-9_-]{43}$/);
      const stale = await tokenRequest(a.url, app, { DPoP: await dpop.generateProof(keyPair, htu, "POST", "A".repeat(43)) });
      assertDpopError(stale, { error: "use_dpop_nonce", error_description: "the DPoP proof nonce is not current; use the one in the DPoP-Nonce header" });
      assert.equal(stale.headers.get("dpop-nonce"), nonce);

      // Stateless nonces: the other instance accepts what this one handed out.
      const retried = await tokenRequest(b.url, app, { DPoP: await dpop.generateProof(keyPair, htu, "POST", nonce!) });
      assert.equal(retried.status, 200, retried.text);
      assert.equal(retried.body!.token_type, "DPoP");
      assert.equal(retried.headers.get("dpop-nonce"), nonce, "the current nonce comes with the token");
    });

    test("openid-client follows use_dpop_nonce by itself", async () => {
      const config = openidConfig(a.url, issuer, app);
      const keyPair = await oidc.randomDPoPKeyPair("ES256");
      const tokens = await oidc.clientCredentialsGrant(config, {}, { DPoP: oidc.getDPoPHandle(config, keyPair) });
      assert.equal(tokens.token_type, "dpop");
      const { payload } = await verifyAccessToken(a.url, tokens.access_token, { issuer, audience: DEFAULT_AUDIENCE });
      assert.deepEqual(payload.cnf, { jkt: await calculateJwkThumbprint(await exportJWK(keyPair.publicKey), "sha256") });
    });

    test("a Bearer request needs no nonce", async () => {
      const res = await tokenRequest(b.url, app);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body!.token_type, "Bearer");
      assert.equal(res.headers.get("dpop-nonce"), null);
    });
  });
}

// private_key_jwt (RFC 7523 §2.2 and §3, RFC 7521 §4.2, OpenID Connect Core §9) over HTTP against
// the production server, with two independent client libraries — openid-client 6
// (PrivateKeyJwt) and Python's PyJWT (Debian python3-jwt) — plus assertions built with jose for
// each algorithm. Tokens are verified with jose; introspection and revocation authenticate with
// assertions; every failure is the same generic invalid_client. On PostgreSQL, two instances of
// one deployment: a replayed assertion is refused on the second, and a key removed with the CLI
// stops working on both within a second. A jwks_uri is served by a small HTTP server here,
// including a key rotation there (unknown kid → refetch, rate-limited).
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import * as oidc from "openid-client";
import { SignJWT, base64url, exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import pg from "pg";
import {
  cliJson,
  createApp,
  createDeployment,
  ensureBuild,
  freePort,
  runCli,
  selectedBackends,
  startKeyport,
  type CreatedApp,
  type Deployment,
  type KeyportServer,
} from "../support/keyport";
import { assertOAuthError, basicAuth, eventually, postForm, request, sleep, verifyAccessToken } from "../support/oauth";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const GENERIC = { error: "invalid_client", error_description: "client authentication failed" };
const PYTHON = "/usr/bin/python3";

interface KeyPair {
  kid: string;
  alg: "RS256" | "PS256" | "ES256" | "EdDSA";
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function keyPair(kid: string, alg: KeyPair["alg"]): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

interface KeyApp {
  id: string;
  client_id: string;
  auth_method: string;
  jwks_uri: string | null;
  keys: Array<{ id: string; kid: string | null; alg: string; thumbprint: string }>;
}

function assertion(key: KeyPair, clientId: string, aud: string | string[], overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iss: clientId, sub: clientId, aud, iat: now, exp: now + 60, jti: crypto.randomUUID(), ...overrides };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header }).sign(key.privateKey);
}

function tokenWithAssertion(baseUrl: string, clientAssertion: string, extra: Record<string, string> = {}) {
  return postForm(`${baseUrl}/oauth/token`, { grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: clientAssertion, ...extra });
}

function assertGeneric(res: Awaited<ReturnType<typeof request>>): void {
  assertOAuthError(res, 401, "invalid_client");
  assert.deepEqual(res.body, GENERIC, "no hint of which check failed");
}

for (const backend of selectedBackends()) {
  describe(`private_key_jwt (${backend})`, () => {
    let d: Deployment;
    let a: KeyportServer;
    let b: KeyportServer | null = null; // PostgreSQL: a second instance of the same deployment
    let issuer: string;
    let es: KeyPair, rs: KeyPair, ps: KeyPair, ed: KeyPair;
    let app: KeyApp; // inline keys
    let failing: KeyApp; // the target of the rejection tests (its own brute-force counter)
    let secretApp: CreatedApp;
    let tmp: string;
    // The client's JWKS server (jwks_uri).
    let jwksServer: http.Server;
    let jwksUrl: string;
    let served: JWK[] = [];
    let jwksHits = 0;

    before(async () => {
      ensureBuild();
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kp-pkjwt-"));
      jwksServer = http.createServer((req, res) => {
        jwksHits++;
        res.writeHead(200, { "content-type": "application/jwk-set+json" }).end(JSON.stringify({ keys: served }));
      });
      await new Promise<void>((r) => jwksServer.listen(0, "127.0.0.1", r));
      jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;

      // One issuer for every instance (the aud of an assertion is the deployment's, not a process's).
      const portA = await freePort();
      issuer = `http://127.0.0.1:${portA}`;
      d = await createDeployment(backend, {
        KEYPORT_ISSUER: issuer,
        // Tests run the client's JWKS server on 127.0.0.1 (lib/client-keys/jwks-uri-rule.ts).
        KEYPORT_JWKS_URI_ALLOW_PRIVATE: "1",
        KEYPORT_JWKS_URI_COOLDOWN: "1",
        KEYPORT_LIMIT_AUTH_FAILURES_PER_CLIENT: "25/1m",
        KEYPORT_LIMIT_AUTH_FAILURES_PER_ADDRESS: "1000/1m",
      });
      a = await startKeyport(d, { PORT: String(portA) });
      if (backend === "postgres") b = await startKeyport(d);

      [es, rs, ps, ed] = await Promise.all([keyPair("es-1", "ES256"), keyPair("rs-1", "RS256"), keyPair("ps-1", "PS256"), keyPair("ed-1", "EdDSA")]);
      const jwksFile = path.join(tmp, "client.jwks.json");
      fs.writeFileSync(jwksFile, JSON.stringify({ keys: [es.publicJwk, rs.publicJwk, ps.publicJwk, ed.publicJwk] }));
      const create = (name: string, file: string) =>
        cliJson<KeyApp>(d, ["apps", "create", "--name", name, "--owner", "keys@example.test", "--scopes", "application.client", "--auth", "private_key_jwt", "--jwks", file]);
      app = await create("PK app", jwksFile);
      const failingFile = path.join(tmp, "failing.jwk.json");
      fs.writeFileSync(failingFile, JSON.stringify(es.publicJwk));
      failing = await create("PK failing", failingFile);
      secretApp = await createApp(d, { scopes: "application.client" });
    });

    after(async () => {
      await d?.dispose();
      await new Promise<void>((r) => (jwksServer ? jwksServer.close(() => r()) : r()));
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    test("the CLI registers the app with its keys and no secret", () => {
      assert.equal(app.auth_method, "private_key_jwt");
      assert.equal("client_secret" in app, false);
      assert.deepEqual(app.keys.map((k) => [k.kid, k.alg]), [["es-1", "ES256"], ["rs-1", "RS256"], ["ps-1", "PS256"], ["ed-1", "EdDSA"]]);
    });

    test("both metadata documents advertise private_key_jwt and its signing algorithms", async () => {
      for (const doc of ["oauth-authorization-server", "openid-configuration"]) {
        const m = (await request(`${a.url}/.well-known/${doc}`, { method: "GET" })).body!;
        for (const field of ["token_endpoint", "introspection_endpoint", "revocation_endpoint"]) {
          assert.ok((m[`${field}_auth_methods_supported`] as string[]).includes("private_key_jwt"), `${doc} ${field}`);
          assert.deepEqual(m[`${field}_auth_signing_alg_values_supported`], ["RS256", "PS256", "ES256", "EdDSA"], `${doc} ${field}`);
        }
      }
    });

    test("openid-client 6 with PrivateKeyJwt: token (verified with jose), introspection and revocation", async () => {
      const config = await oidc.discovery(new URL(issuer), app.client_id, {}, oidc.PrivateKeyJwt({ key: es.privateKey, kid: es.kid }), {
        execute: [oidc.allowInsecureRequests],
      });
      const tokens = await oidc.clientCredentialsGrant(config, { scope: "application.client" });
      assert.equal(tokens.token_type.toLowerCase(), "bearer");
      const { payload } = await verifyAccessToken(a.url, tokens.access_token, { issuer, audience: "urn:keyport:api" });
      assert.equal(payload.sub, app.client_id);
      assert.equal(payload.client_id, app.client_id);
      const introspected = await oidc.tokenIntrospection(config, tokens.access_token);
      assert.equal(introspected.active, true);
      assert.equal(introspected.client_id, app.client_id);
      await oidc.tokenRevocation(config, tokens.access_token);
      assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false);
    });

    test("PyJWT (python3-jwt) builds an RS256 assertion, aud = the token endpoint URL; token verified with jose", async (t) => {
      if (!fs.existsSync(PYTHON) || spawnSync(PYTHON, ["-c", "import jwt, requests"]).status !== 0) {
        // CI and `npm test` install it (scripts/test.mjs): there, a missing library is a failure.
        if (process.env.CI) assert.fail("python3-jwt / python3-requests not installed");
        t.skip("python3-jwt / python3-requests not installed (apt-get install -y python3-jwt python3-requests)");
        return;
      }
      const pem = crypto.KeyObject.from(rs.privateKey).export({ type: "pkcs8", format: "pem" }) as string;
      const script = `
import json, os, time, uuid, jwt, requests
now = int(time.time())
token_url = os.environ["TOKEN_URL"]
claims = {"iss": os.environ["CLIENT_ID"], "sub": os.environ["CLIENT_ID"], "aud": token_url, "iat": now, "exp": now + 120, "jti": str(uuid.uuid4())}
assertion = jwt.encode(claims, os.environ["PRIVATE_PEM"], algorithm="RS256", headers={"kid": "rs-1"})
r = requests.post(token_url, data={"grant_type": "client_credentials", "client_id": os.environ["CLIENT_ID"],
    "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion}, timeout=10)
print(json.dumps({"status": r.status_code, "body": r.json()}))
`;
      const r = spawnSync(PYTHON, ["-c", script], { env: { ...process.env, TOKEN_URL: `${issuer}/oauth/token`, CLIENT_ID: app.client_id, PRIVATE_PEM: pem }, encoding: "utf8", timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { status: number; body: { access_token: string; token_type: string } };
      assert.equal(out.status, 200, JSON.stringify(out.body));
      const { payload } = await verifyAccessToken(a.url, out.body.access_token, { issuer, audience: "urn:keyport:api" });
      assert.equal(payload.client_id, app.client_id);
    });

    test("jose-built assertions: PS256 and EdDSA; aud as an array; client_id in the body or not", async () => {
      for (const key of [ps, ed]) {
        const res = await tokenWithAssertion(a.url, await assertion(key, app.client_id, ["https://other.example", issuer]), { client_id: app.client_id });
        assert.equal(res.status, 200, `${key.alg}: ${res.text}`);
      }
      const res = await tokenWithAssertion(a.url, await assertion(es, app.client_id, `${issuer}/oauth/token`));
      assert.equal(res.status, 200, res.text);
    });

    test("every rejection is the same 401 invalid_client; the reason is logged with client_id, never the assertion", async () => {
      const id = failing.client_id;
      const now = Math.floor(Date.now() / 1000);
      const used = await assertion(es, id, issuer);
      assert.equal((await tokenWithAssertion(a.url, used)).status, 200);
      const hs = await new SignJWT({ iss: id, sub: id, aud: issuer, exp: now + 60, jti: crypto.randomUUID() }).setProtectedHeader({ alg: "HS256" }).sign(crypto.randomBytes(32));
      const none = `${base64url.encode('{"alg":"none"}')}.${base64url.encode(JSON.stringify({ iss: id, sub: id, aud: issuer, exp: now + 60, jti: "n1" }))}.`;
      const stranger = await keyPair("es-1", "ES256"); // claims the registered kid, another key
      const cases: Array<[string, Promise<Awaited<ReturnType<typeof request>>>]> = [
        ["replayed", tokenWithAssertion(a.url, used)],
        ["wrong type", postForm(`${a.url}/oauth/token`, { grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:saml2-bearer", client_assertion: await assertion(es, id, issuer) })],
        ["bad aud", tokenWithAssertion(a.url, await assertion(es, id, "https://evil.example"))],
        ["iss ≠ sub", tokenWithAssertion(a.url, await assertion(es, id, issuer, { sub: secretApp.client_id }))],
        ["iss ≠ client_id", tokenWithAssertion(a.url, await assertion(es, id, issuer), { client_id: app.client_id })],
        ["expired", tokenWithAssertion(a.url, await assertion(es, id, issuer, { exp: now - 120, iat: now - 180 }))],
        ["too far", tokenWithAssertion(a.url, await assertion(es, id, issuer, { exp: now + 3600 }))],
        ["no jti", tokenWithAssertion(a.url, await assertion(es, id, issuer, { jti: undefined }))],
        ["HS256", tokenWithAssertion(a.url, hs, { client_id: id })],
        ["none", tokenWithAssertion(a.url, none)],
        ["unknown kid", tokenWithAssertion(a.url, await assertion(es, id, issuer, {}, { kid: "nope" }))],
        ["unregistered key", tokenWithAssertion(a.url, await assertion(stranger, id, issuer))],
        ["garbage", tokenWithAssertion(a.url, "not.a.jwt", { client_id: id })],
      ];
      for (const [name, pending] of cases) {
        const res = await pending;
        assert.equal(res.status, 401, `${name}: ${res.text}`);
        assertGeneric(res);
      }
      await sleep(200);
      const logs = a.logs();
      // The body's client_id is the client being authenticated (RFC 7521 §4.2): it is the one logged.
      assert.match(logs, new RegExp(`"msg":"client assertion rejected","client_id":"${app.client_id}","endpoint":"token","reason":"iss_not_client_id"`));
      for (const reason of ["replayed_jti", "wrong_assertion_type", "bad_aud", "sub_not_iss", "expired", "exp_too_far", "missing_jti", "alg_hmac", "alg_none", "unknown_kid", "bad_signature", "malformed"]) {
        assert.match(logs, new RegExp(`"msg":"client assertion rejected","client_id":"${id}","endpoint":"token","reason":"${reason}"`), reason);
      }
      assert.ok(!logs.includes(used), "the assertion itself is never logged");
    });

    test("a secret does not authenticate a private_key_jwt app, nor an assertion a secret app; two methods at once are refused", async () => {
      assertGeneric(await postForm(`${a.url}/oauth/token`, { grant_type: "client_credentials" }, { Authorization: basicAuth(app.client_id, "kps_guess") }));
      assertGeneric(await tokenWithAssertion(a.url, await assertion(es, secretApp.client_id, issuer)));
      const both = await tokenWithAssertion(a.url, await assertion(es, app.client_id, issuer), {});
      assert.equal(both.status, 200);
      const twice = await postForm(
        `${a.url}/oauth/token`,
        { grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: await assertion(es, secretApp.client_id, issuer) },
        { Authorization: basicAuth(secretApp.client_id, secretApp.client_secret) },
      );
      assertOAuthError(twice, 400, "invalid_request");
    });

    test("assertions run behind the brute-force limits: over 25 failures, 429 — then even for a valid assertion", async () => {
      const brute = await cliJson<KeyApp>(d, ["apps", "create", "--name", "PK brute", "--owner", "keys@example.test", "--scopes", "application.client", "--auth", "private_key_jwt", "--jwks", JSON.stringify(es.publicJwk)]);
      for (let i = 0; i < 25; i++) assertGeneric(await tokenWithAssertion(a.url, await assertion(es, brute.client_id, "https://evil.example")));
      assertOAuthError(await tokenWithAssertion(a.url, await assertion(es, brute.client_id, "https://evil.example")), 429, "temporarily_unavailable");
      const blocked = await tokenWithAssertion(a.url, await assertion(es, brute.client_id, issuer));
      assertOAuthError(blocked, 429, "temporarily_unavailable");
      assert.ok(blocked.headers.get("retry-after"));
    });

    test("a replayed assertion is refused on a second instance (PostgreSQL)", async (t) => {
      if (!b) {
        t.skip("one instance only with embedded PGlite");
        return;
      }
      const once = await assertion(es, app.client_id, issuer);
      assert.equal((await tokenWithAssertion(b.url, once)).status, 200);
      assertGeneric(await tokenWithAssertion(a.url, once));
      // And the other way round, at introspection.
      const again = await assertion(es, app.client_id, `${issuer}/oauth/introspect`);
      const intro = (url: string) => postForm(`${url}/oauth/introspect`, { token: "x", client_assertion_type: JWT_BEARER, client_assertion: again });
      assert.equal((await intro(a.url)).status, 200);
      assertGeneric(await intro(b.url));
    });

    test("a key added with the CLI works; removed with the CLI, it stops working on every instance within a second", async (t) => {
      const extra = await keyPair("es-2", "ES256");
      const file = path.join(tmp, "extra.jwk.json");
      fs.writeFileSync(file, JSON.stringify(extra.publicJwk));
      const added = await cliJson<{ added: Array<{ kid: string }> }>(d, ["apps", "keys", "add", app.client_id, "--jwks", file]);
      assert.deepEqual(added.added.map((k) => k.kid), ["es-2"]);
      const instances = b ? [a, b] : [a];
      for (const s of instances) {
        assert.ok(await eventually(async () => (await tokenWithAssertion(s.url, await assertion(extra, app.client_id, issuer))).status === 200, 1000, 50), `new key on ${s.url}`);
      }
      const removed = await runCli(d, ["apps", "keys", "remove", app.client_id, "es-1", "--json"]);
      assert.equal(removed.code, 0, removed.stderr);
      const removedAt = Date.now();
      for (const s of instances) {
        const refused = await eventually(async () => (await tokenWithAssertion(s.url, await assertion(es, app.client_id, issuer))).status === 401, 1000, 25);
        assert.ok(refused, `removed key still accepted on ${s.url} after ${Date.now() - removedAt} ms`);
      }
      assert.ok(Date.now() - removedAt < 1500);
      t.diagnostic(`removed key refused on ${instances.length} instance(s) ${Date.now() - removedAt} ms after the CLI returned`);
      // The other keys keep working.
      assert.equal((await tokenWithAssertion(a.url, await assertion(extra, app.client_id, issuer))).status, 200);
      const list = await cliJson<{ keys: Array<{ kid: string }> }>(d, ["apps", "keys", "list", app.client_id]);
      assert.deepEqual(list.keys.map((k) => k.kid), ["rs-1", "ps-1", "ed-1", "es-2"]);
      if (backend === "postgres") {
        const c = new pg.Client({ connectionString: d.database!.url });
        await c.connect();
        try {
          const audit = await c.query(`SELECT action FROM "AuditEvent" WHERE "applicationId" = $1 AND action LIKE 'client_key.%' ORDER BY id`, [app.id]);
          assert.deepEqual(audit.rows.map((r: { action: string }) => r.action), ["client_key.add", "client_key.remove"]);
          const mails = await c.query(`SELECT subject FROM "EmailMessage" WHERE "applicationId" = $1 AND kind = 'client_key_changed' ORDER BY "createdAt"`, [app.id]);
          assert.deepEqual(mails.rows.map((r: { subject: string }) => r.subject), ["A key was added to PK app", "A key was removed from PK app"]);
          const rejected = await c.query(`SELECT details FROM "AuditEvent" WHERE "applicationId" = $1 AND action = 'client.assertion_rejected'`, [failing.id]);
          assert.ok(rejected.rows.some((r: { details: { reason: string } }) => r.details.reason === "replayed_jti"), "the owner sees why");
        } finally {
          await c.end();
        }
      }
    });

    test("jwks_uri: keys fetched from the client's server; a rotation there is picked up (unknown kid → refetch, rate-limited)", async () => {
      const u1 = await keyPair("u-1", "ES256");
      const u2 = await keyPair("u-2", "EdDSA");
      served = [u1.publicJwk];
      const remote = await cliJson<KeyApp>(d, ["apps", "create", "--name", "PK remote", "--owner", "keys@example.test", "--scopes", "application.client", "--auth", "private_key_jwt", "--jwks-uri", jwksUrl]);
      assert.equal(remote.jwks_uri, jwksUrl);
      const hitsBefore = jwksHits;
      assert.equal((await tokenWithAssertion(a.url, await assertion(u1, remote.client_id, issuer))).status, 200);
      assert.equal((await tokenWithAssertion(a.url, await assertion(u1, remote.client_id, issuer))).status, 200);
      assert.equal(jwksHits - hitsBefore, 1, "fetched once, then cached");
      // Unknown kids in a burst: at most one refetch per cooldown (1 s here).
      const burstStart = jwksHits;
      for (let i = 0; i < 20; i++) assertGeneric(await tokenWithAssertion(a.url, await assertion(u1, remote.client_id, issuer, {}, { kid: `bogus-${i}` })));
      assert.ok(jwksHits - burstStart <= 2, `${jwksHits - burstStart} fetches for 20 unknown kids`);
      // The client rotates: publishes u-2 only, and signs with it.
      served = [u2.publicJwk];
      await sleep(1100);
      const rotated = await tokenWithAssertion(a.url, await assertion(u2, remote.client_id, issuer));
      assert.equal(rotated.status, 200, rotated.text);
      await sleep(1100);
      assertGeneric(await tokenWithAssertion(a.url, await assertion(u1, remote.client_id, issuer)));
    });
  });
}

// Spec-driven tests of the token service over HTTP against the production build: discovery
// (RFC 8414), JWKS, the client-credentials grant (RFC 6749 §4.4) with a real third-party client
// (openid-client), RFC 9068 access tokens verified with jose, every §5.2 error, introspection
// (RFC 7662) and revocation (RFC 7009). Runs once per selected backend (embedded PGlite, PostgreSQL).
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import * as oidc from "openid-client";
import {
  createApp,
  createDeployment,
  ensureBuild,
  runCli,
  selectedBackends,
  startKeyport,
  type CreatedApp,
  type Deployment,
  type KeyportServer,
} from "../support/keyport";
import {
  assertOAuthError,
  basicAuth,
  decodeJwtHeader,
  decodeJwtPayload,
  getToken,
  percentEncodeAll,
  postForm,
  postJson,
  request,
  verifyAccessToken,
} from "../support/oauth";

const DEFAULT_AUDIENCE = "urn:keyport:api";

for (const backend of selectedBackends()) {
  describe(`token service over HTTP (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let issuer: string;
    let tokenUrl: string;
    let app: CreatedApp; // scopes: application.client
    let wide: CreatedApp; // scopes: application.client domain.manage
    let other: CreatedApp;

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend);
      // Embedded: the issuer defaults to the request origin. PostgreSQL: configured explicitly.
      if (backend === "postgres") {
        const { freePort } = await import("../support/keyport");
        const port = await freePort();
        s = await startKeyport(d, { PORT: String(port), KEYPORT_ISSUER: `http://127.0.0.1:${port}` });
      } else {
        s = await startKeyport(d);
      }
      issuer = s.url;
      tokenUrl = `${s.url}/oauth/token`;
      // The CLI runs while the server runs (embedded: it goes through the server).
      app = await createApp(d, { scopes: "application.client" });
      wide = await createApp(d, { scopes: "application.client domain.manage" });
      other = await createApp(d, { scopes: "application.client" });
    });

    after(async () => {
      await d?.dispose();
    });

    describe("health and discovery", () => {
      test("GET /api/health and /api/ready answer 200", async () => {
        assert.equal((await request(`${s.url}/api/health`, { method: "GET" })).status, 200);
        assert.equal((await request(`${s.url}/api/ready`, { method: "GET" })).status, 200);
      });

      test("RFC 8414 metadata document", async () => {
        const res = await request(`${s.url}/.well-known/oauth-authorization-server`, { method: "GET" });
        assert.equal(res.status, 200, res.text);
        assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
        const m = res.body!;
        assert.equal(m.issuer, issuer, "issuer must equal the URL discovery was made from (RFC 8414 §3.3)");
        assert.equal(m.token_endpoint, `${issuer}/oauth/token`);
        assert.equal(m.jwks_uri, `${issuer}/.well-known/jwks.json`);
        assert.equal(m.introspection_endpoint, `${issuer}/oauth/introspect`);
        assert.equal(m.revocation_endpoint, `${issuer}/oauth/revoke`);
        assert.deepEqual(m.grant_types_supported, ["client_credentials", "refresh_token"]);
        const methods = m.token_endpoint_auth_methods_supported as string[];
        assert.ok(methods.includes("client_secret_basic") && methods.includes("client_secret_post"), String(methods));
        const scopes = m.scopes_supported as string[];
        assert.ok(scopes.includes("application.client") && scopes.includes("domain.manage"), String(scopes));
      });

      test("JWKS serves public signing keys only", async () => {
        const res = await request(`${s.url}/.well-known/jwks.json`, { method: "GET" });
        assert.equal(res.status, 200, res.text);
        const keys = (res.body as { keys: Record<string, unknown>[] }).keys;
        assert.ok(Array.isArray(keys) && keys.length >= 1);
        for (const k of keys) {
          assert.equal(typeof k.kid, "string");
          assert.equal(typeof k.kty, "string");
          for (const priv of ["d", "p", "q", "dp", "dq", "qi"]) assert.ok(!(priv in k), `private member ${priv} in JWKS`);
        }
      });
    });

    describe("client_credentials grant (RFC 6749 §4.4)", () => {
      test("openid-client discovery + clientCredentialsGrant; token verifies against the JWKS (RFC 9068)", async () => {
        const config = await oidc.discovery(new URL(issuer), app.client_id, app.client_secret, oidc.ClientSecretBasic(app.client_secret), {
          execute: [oidc.allowInsecureRequests],
          algorithm: "oauth2",
        });
        const tokens = await oidc.clientCredentialsGrant(config, { scope: "application.client" });
        assert.equal(tokens.token_type.toLowerCase(), "bearer");
        assert.equal(tokens.scope, "application.client");
        assert.equal(tokens.refresh_token, undefined);
        const { payload, protectedHeader } = await verifyAccessToken(s.url, tokens.access_token, {
          issuer,
          audience: DEFAULT_AUDIENCE,
        });
        assert.equal(protectedHeader.alg, "RS256");
        assert.equal(payload.client_id, app.client_id);
        assert.equal(payload.sub, app.client_id);
        assert.equal(payload.scope, "application.client");

        // The same client library for introspection (RFC 7662) and revocation (RFC 7009).
        const info = await oidc.tokenIntrospection(config, tokens.access_token);
        assert.equal(info.active, true);
        assert.equal(info.client_id, app.client_id);
        await oidc.tokenRevocation(config, tokens.access_token);
        assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false);
      });

      test("success response: RFC 6749 §5.1 fields and no-store headers", async () => {
        const res = await postForm(tokenUrl, { grant_type: "client_credentials" }, { Authorization: basicAuth(app.client_id, app.client_secret) });
        assert.equal(res.status, 200, res.text);
        assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
        assert.match(res.headers.get("cache-control") ?? "", /no-store/);
        assert.equal(res.headers.get("pragma"), "no-cache");
        const b = res.body!;
        assert.equal(b.token_type, "Bearer");
        assert.equal(typeof b.access_token, "string");
        assert.ok(Number.isInteger(b.expires_in) && (b.expires_in as number) > 0);
        assert.equal(b.scope, "application.client", "omitted scope → all allowed scopes");
        assert.ok(!("refresh_token" in b), "no refresh token for client credentials (RFC 6749 §4.4.3)");

        const header = decodeJwtHeader(b.access_token as string);
        const claims = decodeJwtPayload(b.access_token as string);
        assert.equal(header.typ, "at+jwt");
        assert.equal(header.alg, "RS256");
        assert.equal(claims.iss, issuer);
        assert.equal(claims.sub, app.client_id);
        assert.equal(claims.client_id, app.client_id);
        const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
        assert.deepEqual(aud, [DEFAULT_AUDIENCE], "omitted audience → the default audience");
        assert.equal((claims.exp as number) - (claims.iat as number), b.expires_in);
        assert.ok(Math.abs((claims.iat as number) - Date.now() / 1000) < 60);
        assert.equal(typeof claims.jti, "string");
        await verifyAccessToken(s.url, b.access_token as string, { issuer, audience: DEFAULT_AUDIENCE });
      });

      test("every token has a distinct jti", async () => {
        const a = await getToken(s.url, app.client_id, app.client_secret);
        const b = await getToken(s.url, app.client_id, app.client_secret);
        assert.notEqual(decodeJwtPayload(a.access_token).jti, decodeJwtPayload(b.access_token).jti);
      });

      test("client_secret_post: credentials in the form body", async () => {
        const res = await postForm(tokenUrl, {
          grant_type: "client_credentials",
          client_id: app.client_id,
          client_secret: app.client_secret,
        });
        assert.equal(res.status, 200, res.text);
        assert.equal(decodeJwtPayload(res.body!.access_token as string).client_id, app.client_id);
      });

      test("JSON body with credentials, scope and audience", async () => {
        const res = await postJson(tokenUrl, {
          grant_type: "client_credentials",
          client_id: wide.client_id,
          client_secret: wide.client_secret,
          scope: "domain.manage",
          audience: DEFAULT_AUDIENCE,
        });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body!.scope, "domain.manage");
        assert.match(res.headers.get("cache-control") ?? "", /no-store/);
        const { payload } = await verifyAccessToken(s.url, res.body!.access_token as string, { issuer, audience: DEFAULT_AUDIENCE });
        assert.equal(payload.scope, "domain.manage");
      });

      test("JSON body with Basic authentication", async () => {
        const res = await postJson(tokenUrl, { grant_type: "client_credentials" }, { Authorization: basicAuth(app.client_id, app.client_secret) });
        assert.equal(res.status, 200, res.text);
      });

      test("Basic credentials are form-urldecoded (RFC 6749 §2.3.1)", async () => {
        const raw = `${percentEncodeAll(app.client_id)}:${percentEncodeAll(app.client_secret)}`;
        const res = await postForm(tokenUrl, { grant_type: "client_credentials" }, {
          Authorization: "Basic " + Buffer.from(raw).toString("base64"),
        });
        assert.equal(res.status, 200, res.text);
        assert.equal(decodeJwtPayload(res.body!.access_token as string).sub, app.client_id);
      });

      test("scope: subset granted, omitted → all allowed, order-insensitive", async () => {
        const all = await getToken(s.url, wide.client_id, wide.client_secret);
        assert.deepEqual(all.scope.split(" ").sort(), ["application.client", "domain.manage"]);
        const one = await getToken(s.url, wide.client_id, wide.client_secret, { scope: "domain.manage" });
        assert.equal(one.scope, "domain.manage");
        assert.equal(decodeJwtPayload(one.access_token).scope, "domain.manage");
        const both = await getToken(s.url, wide.client_id, wide.client_secret, { scope: "domain.manage application.client" });
        assert.deepEqual(both.scope.split(" ").sort(), ["application.client", "domain.manage"]);
      });

      test("scope outside the app's allowed scopes → 400 invalid_scope", async () => {
        const auth = { Authorization: basicAuth(app.client_id, app.client_secret) };
        // In the catalog but not granted to this app.
        assertOAuthError(await postForm(tokenUrl, { grant_type: "client_credentials", scope: "domain.manage" }, auth), 400, "invalid_scope");
        // Not in the catalog at all.
        assertOAuthError(await postForm(tokenUrl, { grant_type: "client_credentials", scope: "application.client admin.everything" }, auth), 400, "invalid_scope");
      });

      test("audience and resource (RFC 8707): allowed → aud; other → 400 invalid_target", async () => {
        const auth = { Authorization: basicAuth(app.client_id, app.client_secret) };
        for (const param of ["audience", "resource"]) {
          const ok = await postForm(tokenUrl, { grant_type: "client_credentials", [param]: DEFAULT_AUDIENCE }, auth);
          assert.equal(ok.status, 200, `${param}: ${ok.text}`);
          const aud = decodeJwtPayload(ok.body!.access_token as string).aud;
          assert.deepEqual(Array.isArray(aud) ? aud : [aud], [DEFAULT_AUDIENCE]);
          const bad = await postForm(tokenUrl, { grant_type: "client_credentials", [param]: "https://elsewhere.example.test/" }, auth);
          assertOAuthError(bad, 400, "invalid_target");
        }
        assertOAuthError(
          await postJson(tokenUrl, { grant_type: "client_credentials", audience: "https://elsewhere.example.test/" }, auth),
          400,
          "invalid_target",
        );
      });

      test("apps create --audience: a catalog audience is accepted, an unknown one refused", async () => {
        const custom = await createApp(d, { scopes: "application.client", audience: DEFAULT_AUDIENCE });
        assert.deepEqual(custom.audiences, [DEFAULT_AUDIENCE]);
        const t = await getToken(s.url, custom.client_id, custom.client_secret);
        await verifyAccessToken(s.url, t.access_token, { issuer, audience: DEFAULT_AUDIENCE });
        const r = await runCli(d, ["apps", "create", "--name", "Bad audience", "--owner", "owner@example.test", "--scopes", "application.client", "--audience", "https://not-in-catalog.example.test/"]);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /audience/i);
      });
    });

    describe("token endpoint errors (RFC 6749 §5.2)", () => {
      const good = () => ({ Authorization: basicAuth(app.client_id, app.client_secret) });

      test("no client authentication → 401 invalid_client with WWW-Authenticate", async () => {
        assertOAuthError(await postForm(tokenUrl, { grant_type: "client_credentials" }), 401, "invalid_client");
        assertOAuthError(await postJson(tokenUrl, { grant_type: "client_credentials" }), 401, "invalid_client");
        // client_id without any secret is no authentication either.
        assertOAuthError(await postForm(tokenUrl, { grant_type: "client_credentials", client_id: app.client_id }), 401, "invalid_client");
      });

      test("wrong secret, unknown client → 401 invalid_client", async () => {
        const wrong = await postForm(tokenUrl, { grant_type: "client_credentials" }, { Authorization: basicAuth(app.client_id, other.client_secret) });
        assertOAuthError(wrong, 401, "invalid_client");
        const unknown = await postForm(tokenUrl, { grant_type: "client_credentials" }, { Authorization: basicAuth("kp_doesnotexist0000000000", app.client_secret) });
        assertOAuthError(unknown, 401, "invalid_client");
        const post = await postForm(tokenUrl, { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret + "x" });
        assertOAuthError(post, 401, "invalid_client");
        const json = await postJson(tokenUrl, { grant_type: "client_credentials", client_id: app.client_id, client_secret: "nope" });
        assertOAuthError(json, 401, "invalid_client");
      });

      test("more than one authentication method → 400 invalid_request", async () => {
        const res = await postForm(
          tokenUrl,
          { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret },
          good(),
        );
        assertOAuthError(res, 400, "invalid_request");
        const json = await postJson(
          tokenUrl,
          { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret },
          good(),
        );
        assertOAuthError(json, 400, "invalid_request");
      });

      test("missing grant_type → 400 invalid_request", async () => {
        assertOAuthError(await postForm(tokenUrl, { scope: "application.client" }, good()), 400, "invalid_request");
        assertOAuthError(await postJson(tokenUrl, {}, good()), 400, "invalid_request");
      });

      test("other grant types → 400 unsupported_grant_type", async () => {
        for (const grant of ["password", "authorization_code", "urn:ietf:params:oauth:grant-type:device_code"]) {
          assertOAuthError(await postForm(tokenUrl, { grant_type: grant }, good()), 400, "unsupported_grant_type");
        }
        assertOAuthError(await postJson(tokenUrl, { grant_type: "password" }, good()), 400, "unsupported_grant_type");
        // refresh_token is supported, but only for applications that opted in (test/integration/refresh-tokens.test.ts).
        assertOAuthError(await postForm(tokenUrl, { grant_type: "refresh_token", refresh_token: "krt_x" }, good()), 400, "unauthorized_client");
      });

      test("duplicate parameters → 400 invalid_request (RFC 6749 §3.2)", async () => {
        const dupScope = await postForm(tokenUrl, [["grant_type", "client_credentials"], ["scope", "application.client"], ["scope", "application.client"]], good());
        assertOAuthError(dupScope, 400, "invalid_request");
        const dupGrant = await postForm(tokenUrl, [["grant_type", "client_credentials"], ["grant_type", "client_credentials"]], good());
        assertOAuthError(dupGrant, 400, "invalid_request");
        const dupId = await postForm(tokenUrl, [
          ["grant_type", "client_credentials"],
          ["client_id", app.client_id],
          ["client_id", app.client_id],
          ["client_secret", app.client_secret],
        ]);
        assertOAuthError(dupId, 400, "invalid_request");
      });

      test("unsupported or malformed bodies → 400 invalid_request, never 500", async () => {
        const plain = await request(tokenUrl, { headers: { "Content-Type": "text/plain", ...good() }, body: "grant_type=client_credentials" });
        assertOAuthError(plain, 400, "invalid_request");
        const xml = await request(tokenUrl, { headers: { "Content-Type": "application/xml", ...good() }, body: "<grant/>" });
        assertOAuthError(xml, 400, "invalid_request");
        const badJson = await request(tokenUrl, { headers: { "Content-Type": "application/json", ...good() }, body: '{"grant_type":' });
        assertOAuthError(badJson, 400, "invalid_request");
        const notObject = await request(tokenUrl, { headers: { "Content-Type": "application/json", ...good() }, body: '["client_credentials"]' });
        assertOAuthError(notObject, 400, "invalid_request");
        const numberGrant = await postJson(tokenUrl, { grant_type: 42 }, good());
        assertOAuthError(numberGrant, 400, "invalid_request");
      });

      test("malformed Authorization headers are client errors, never 500", async () => {
        for (const value of ["Basic", "Basic !!!not-base64!!!", "Basic " + Buffer.from("no-colon").toString("base64"), "Basic " + Buffer.from("%zz:%zz").toString("base64"), "Bearer abc"]) {
          const res = await postForm(tokenUrl, { grant_type: "client_credentials" }, { Authorization: value });
          assert.ok(res.status === 400 || res.status === 401, `${value}: ${res.status} ${res.text}`);
          assert.ok(["invalid_request", "invalid_client"].includes(res.body?.error as string), `${value}: ${res.text}`);
          if (res.status === 401) assert.ok(res.headers.get("www-authenticate"));
        }
      });

      test("body over 8 KiB → 413 invalid_request", async () => {
        const big = "grant_type=client_credentials&scope=" + "a".repeat(9 * 1024);
        const res = await request(tokenUrl, { headers: { "Content-Type": "application/x-www-form-urlencoded", ...good() }, body: big });
        assertOAuthError(res, 413, "invalid_request");
        const bigJson = await postJson(tokenUrl, { grant_type: "client_credentials", scope: "a".repeat(9 * 1024) }, good());
        assertOAuthError(bigJson, 413, "invalid_request");
      });

      test("chunked body over 8 KiB (no Content-Length) → 413, refused early", async () => {
        const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request(tokenUrl, {
            method: "POST",
            agent: false,
            headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked", ...good() },
          });
          req.on("response", (res) => {
            let body = "";
            res.on("data", (c: Buffer) => (body += c.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          });
          // The server may answer 413 and close while we are still writing (EPIPE/ECONNRESET on
          // our side): that is the early refusal we want, so wait for the response it sent.
          req.on("error", (err) => setTimeout(() => reject(err), 2000));
          req.write("grant_type=client_credentials&scope=");
          // 64 KiB in 1 KiB chunks; the server may answer (and close) before we finish.
          let sent = 0;
          const pump = () => {
            while (sent < 64) {
              sent++;
              if (!req.write("a".repeat(1024))) return req.once("drain", pump);
            }
            req.end();
          };
          pump();
        });
        assert.equal(result.status, 413, result.body);
        assert.equal(JSON.parse(result.body).error, "invalid_request");
      });

      test("wrong method → 405 with Allow", async () => {
        for (const method of ["GET", "PUT", "DELETE"]) {
          const res = await request(tokenUrl, { method });
          assert.equal(res.status, 405, `${method}: ${res.status} ${res.text}`);
          assert.match(res.headers.get("allow") ?? "", /POST/);
        }
      });
    });

    describe("introspection (RFC 7662)", () => {
      const introspect = (token: string, who: CreatedApp = app) =>
        postForm(`${s.url}/oauth/introspect`, { token }, { Authorization: basicAuth(who.client_id, who.client_secret) });

      test("unauthenticated → 401 invalid_client", async () => {
        const t = await getToken(s.url, app.client_id, app.client_secret);
        assertOAuthError(await postForm(`${s.url}/oauth/introspect`, { token: t.access_token }), 401, "invalid_client");
        const wrong = await postForm(`${s.url}/oauth/introspect`, { token: t.access_token }, { Authorization: basicAuth(app.client_id, "wrong") });
        assertOAuthError(wrong, 401, "invalid_client");
      });

      test("missing token → 400 invalid_request", async () => {
        assertOAuthError(await postForm(`${s.url}/oauth/introspect`, {}, { Authorization: basicAuth(app.client_id, app.client_secret) }), 400, "invalid_request");
      });

      test("active token: client_id, scope, aud, exp, iat, sub, jti, token_type", async () => {
        const t = await getToken(s.url, app.client_id, app.client_secret);
        const claims = decodeJwtPayload(t.access_token);
        const res = await introspect(t.access_token);
        assert.equal(res.status, 200, res.text);
        assert.match(res.headers.get("cache-control") ?? "", /no-store/);
        const b = res.body!;
        assert.equal(b.active, true);
        assert.equal(b.client_id, app.client_id);
        assert.equal(b.sub, app.client_id);
        assert.equal(b.scope, "application.client");
        assert.deepEqual(Array.isArray(b.aud) ? b.aud : [b.aud], [DEFAULT_AUDIENCE]);
        assert.equal(b.exp, claims.exp);
        assert.equal(b.iat, claims.iat);
        assert.equal(b.jti, claims.jti);
        assert.match(String(b.token_type), /^bearer$/i);
        if ("iss" in b) assert.equal(b.iss, issuer);
      });

      test("another client, not a registered resource server of the audience, learns nothing (§2.1, §4)", async () => {
        const t = await getToken(s.url, app.client_id, app.client_secret);
        const res = await introspect(t.access_token, other);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body, { active: false });
      });

      test("malformed, tampered and unsigned tokens → {active:false}", async () => {
        const t = await getToken(s.url, app.client_id, app.client_secret);
        const [h, p, sig] = t.access_token.split(".");
        const forgedClaims = { ...decodeJwtPayload(t.access_token), scope: "domain.manage" };
        const candidates = [
          "not-a-jwt",
          "a.b.c",
          `${h}.${p}.${sig!.slice(0, -4)}AAAA`,
          `${h}.${Buffer.from(JSON.stringify(forgedClaims)).toString("base64url")}.${sig}`,
          `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${p}.`,
        ];
        for (const token of candidates) {
          const res = await introspect(token);
          assert.equal(res.status, 200, `${token}: ${res.text}`);
          assert.deepEqual(res.body, { active: false }, token);
        }
      });

      test("wrong method → 405", async () => {
        assert.equal((await request(`${s.url}/oauth/introspect`, { method: "GET" })).status, 405);
      });
    });

    describe("revocation (RFC 7009)", () => {
      const revoke = (token: string, who: CreatedApp = app, extra: Record<string, string> = {}) =>
        postForm(`${s.url}/oauth/revoke`, { token, ...extra }, { Authorization: basicAuth(who.client_id, who.client_secret) });
      // The token's own client introspects (another client would only ever see inactive, §2.1).
      const introspect = (token: string) =>
        postForm(`${s.url}/oauth/introspect`, { token }, { Authorization: basicAuth(app.client_id, app.client_secret) });

      test("unauthenticated → 401 invalid_client", async () => {
        const t = await getToken(s.url, app.client_id, app.client_secret);
        assertOAuthError(await postForm(`${s.url}/oauth/revoke`, { token: t.access_token }), 401, "invalid_client");
      });

      test("missing token → 400 invalid_request", async () => {
        assertOAuthError(await postForm(`${s.url}/oauth/revoke`, {}, { Authorization: basicAuth(app.client_id, app.client_secret) }), 400, "invalid_request");
      });

      test("a client revokes its own token; introspection then says inactive", async () => {
        const t = await getToken(s.url, app.client_id, app.client_secret);
        const sibling = await getToken(s.url, app.client_id, app.client_secret);
        assert.equal((await introspect(t.access_token)).body!.active, true);
        const res = await revoke(t.access_token, app, { token_type_hint: "access_token" });
        assert.equal(res.status, 200, res.text);
        assert.equal((await introspect(t.access_token)).body!.active, false);
        // Only that token: the client's other tokens stay active.
        assert.equal((await introspect(sibling.access_token)).body!.active, true);
        // Revoking again is fine.
        assert.equal((await revoke(t.access_token)).status, 200);
      });

      test("unknown or malformed tokens → 200", async () => {
        assert.equal((await revoke("not-a-token")).status, 200);
        assert.equal((await revoke("a.b.c", app, { token_type_hint: "refresh_token" })).status, 200);
      });

      test("a client cannot revoke another client's token", async () => {
        const t = await getToken(s.url, app.client_id, app.client_secret);
        const res = await revoke(t.access_token, other);
        assert.ok(res.status < 500, res.text);
        assert.equal((await introspect(t.access_token)).body!.active, true, "token of another client must stay active");
      });
    });
  });
}

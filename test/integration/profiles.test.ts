// Vendor profiles (issue #10 §1) over HTTP against the production build, on both databases: each
// profile's exact request and response — success and every error, status, headers and body — as
// the integrations written against those services send and read them; the vision10 limits; the
// Auth0 shape on /oauth/token with Auth0's own SDK (auth0/legacy AuthenticationClient) and the
// access-analyzer path with openid-client; refresh on /token; profiles off (the default) → 404 on
// their paths, and /oauth/token exactly as it was with them on.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as oidc from "openid-client";
import { AuthenticationClient } from "auth0/legacy";
import {
  ROOT,
  cliJson,
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
import { basicAuth, decodeJwtHeader, decodeJwtPayload, eventually, postForm, postJson, request, verifyAccessToken, type HttpResult } from "../support/oauth";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const CIAM = "/ciam-mfa/v2/get/token";
const V10 = "/v1/api/oauth/token";
const AA = "/token";
const DEFAULT_AUDIENCE = "urn:keyport:api";
const CHALLENGE = 'Basic realm="keyport", charset="UTF-8"';
const CC = { grant_type: "client_credentials" };

/** The 401, verbatim. */
const V10_UNAUTHORIZED =
  '[{"detail":"Please refer to invalid-params for error details","errorCode":"240101","instance":"/v1/api/oauth/token","invalid-params":["Invalid client credentials or scope"],"source":"AGT","status":401,"title":"Unauthorized"}]';

function assertNoStore(res: HttpResult): void {
  assert.equal(res.headers.get("cache-control"), "no-store", "Cache-Control");
  assert.equal(res.headers.get("pragma"), "no-cache", "Pragma");
}
function assertJson(res: HttpResult): void {
  assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
}

/** An RFC 6749 §5.2 error, exactly. */
function assertRfcError(res: HttpResult, status: number, error: string, description?: string | RegExp): void {
  assert.equal(res.status, status, `expected ${status} ${error}: ${res.status} ${res.text}`);
  assertJson(res);
  assertNoStore(res);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), description === undefined && !("error_description" in body) ? ["error"] : ["error", "error_description"]);
  assert.equal(body.error, error);
  if (typeof description === "string") assert.equal(body.error_description, description);
  else if (description) assert.match(String(body.error_description), description);
  if (status === 401) assert.equal(res.headers.get("www-authenticate"), CHALLENGE);
}

/** A vision10 error: one problem object in an array, byte for byte. */
function assertV10(res: HttpResult, status: number, title: string, errorCode: string, param: string): void {
  const expected = JSON.stringify([
    { detail: "Please refer to invalid-params for error details", errorCode, instance: V10, "invalid-params": [param], source: "AGT", status, title },
  ]);
  assert.equal(res.status, status, `expected ${status} ${errorCode}: ${res.status} ${res.text}`);
  assert.equal(res.text, expected);
  assertJson(res);
  assertNoStore(res);
  assert.equal(res.headers.get("www-authenticate"), status === 401 ? CHALLENGE : null);
}

/** A success body with exactly these members, in this order. */
function assertTokenBody(res: HttpResult, keys: string[]): Record<string, unknown> {
  assert.equal(res.status, 200, res.text);
  assertJson(res);
  assertNoStore(res);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body), keys);
  assert.equal(typeof body.access_token, "string");
  assert.ok(Number.isInteger(body.expires_in) && (body.expires_in as number) > 0);
  return body;
}

let addressCounter = 0;
/** A source address of its own (KEYPORT_TRUST_PROXY=1): one test's failures never limit another's. */
const freshAddress = () => `198.51.100.${++addressCounter}`;

for (const backend of selectedBackends()) {
  describe(`vendor profiles (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let proxy: TcpProxy | undefined;
    let off: Deployment;
    let offServer: KeyportServer;
    let app: CreatedApp; // application.client
    let wide: CreatedApp; // application.client domain.manage
    let disabled: CreatedApp;
    let url: (path: string) => string;

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend, { KEYPORT_PROFILES: "ciam,vision10,access-analyzer", KEYPORT_TRUST_PROXY: "1" });
      s = await startKeyport(d);
      url = (path) => `${s.url}${path}`;
      app = await createApp(d, { scopes: "application.client" });
      wide = await createApp(d, { scopes: "application.client domain.manage" });
      disabled = await createApp(d, { scopes: "application.client" });
      const r = await runCli(d, ["apps", "disable", disabled.client_id]);
      assert.equal(r.code, 0, r.stderr);
      // Disabling reaches the server's cache by notification; wait until it has.
      assert.ok(
        await eventually(async () => (await postForm(url("/oauth/token"), CC, { Authorization: basicAuth(disabled.client_id, disabled.client_secret) })).status === 401),
      );

      // A deployment with KEYPORT_PROFILES unset (the default).
      off = await createDeployment(backend);
      offServer = await startKeyport(off);
    });

    after(async () => {
      await d?.dispose();
      await off?.dispose();
      await proxy?.close();
    });

    describe("profiles off (the default)", () => {
      test("every profile path is 404 for every method, as an unknown path is; /oauth/token answers as always", async () => {
        const offApp = await createApp(off);
        const creds = { grant_type: "client_credentials", client_id: offApp.client_id, client_secret: offApp.client_secret };
        for (const path of [CIAM, V10, AA]) {
          assert.equal((await postJson(`${offServer.url}${path}`, creds)).status, 404, path);
          assert.equal((await postForm(`${offServer.url}${path}`, creds)).status, 404, path);
          for (const method of ["GET", "PUT", "DELETE"]) assert.equal((await request(`${offServer.url}${path}`, { method })).status, 404, `${method} ${path}`);
        }
        const std = await postForm(`${offServer.url}/oauth/token`, creds);
        assertTokenBody(std, ["access_token", "token_type", "expires_in", "scope"]);
        // /docs documents no profile.
        const docs = await request(`${offServer.url}/docs`, { method: "GET" });
        assert.equal(docs.status, 200);
        assert.ok(!docs.text.includes("Drop-in profiles"));
        assert.ok(!docs.text.includes(CIAM));
      });
    });

    describe("/docs with profiles on", () => {
      test("documents each active profile with its public URL, a curl example and the vision10 error codes", async () => {
        const docs = await request(url("/docs"), { method: "GET" });
        assert.equal(docs.status, 200);
        assert.ok(docs.text.includes("Drop-in profiles"));
        for (const path of [CIAM, V10, AA]) assert.ok(docs.text.includes(`POST ${s.url}${path}`), path);
        assert.ok(docs.text.includes(`curl -s -X POST &#x27;${s.url}${V10}&#x27;`) || docs.text.includes(`curl -s -X POST '${s.url}${V10}'`));
        for (const code of ["240001", "240002", "240003", "240004", "240005", "240101", "240501", "241301", "241501", "242901", "250001", "250301"]) {
          assert.ok(docs.text.includes(code), code);
        }
      });
    });

    describe("README", () => {
      test('"Drop-in profiles": the sh block, run by bash as written (its localhost:3000 = this server), gets a token on each path', () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const section = readme.split(/^### /m).find((x) => x.startsWith("Drop-in profiles"));
        assert.ok(section, 'README.md has a "### Drop-in profiles" section');
        const block = /^```sh\n([\s\S]*?)^```$/m.exec(section)?.[1] ?? "";
        assert.ok(block.includes("http://localhost:3000/ciam-mfa/v2/get/token"), "the block calls the profiles of `npm start`");
        // Next's types make NODE_ENV a required key of ProcessEnv; bash gets exactly these.
        const env = { PATH: process.env.PATH ?? "", CLIENT_ID: app.client_id, CLIENT_SECRET: app.client_secret } as Record<string, string> as NodeJS.ProcessEnv;
        const r = spawnSync("bash", ["-euc", block.replaceAll("http://localhost:3000", s.url)], {
          env,
          encoding: "utf8",
          timeout: 60_000,
        });
        assert.equal(r.status, 0, r.stderr);
        const answers = r.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
        assert.deepEqual(answers.map((a) => Object.keys(a)), [
          ["access_token", "token_type", "expires_in"],
          ["access_token", "token_type", "expires_in"],
          ["access_token", "token_type", "expires_in", "scope"],
        ]);
        assert.deepEqual(answers.map((a) => a.token_type), ["Bearer", "Bearer", "bearer"]);
      });
    });

    describe(`ciam: POST ${CIAM}`, () => {
      test('JSON with the literal "client_credential": exactly {access_token, token_type, expires_in}; RS256 + kid; RFC 9068 claims, authorization_details [], aud = client_id', async () => {
        const res = await postJson(url(CIAM), { grant_type: "client_credential", client_id: app.client_id, client_secret: app.client_secret });
        const body = assertTokenBody(res, ["access_token", "token_type", "expires_in"]);
        assert.equal(body.token_type, "Bearer");
        assert.equal(body.expires_in, 3600);
        const token = body.access_token as string;
        assert.equal(decodeJwtHeader(token).alg, "RS256");
        const { payload } = await verifyAccessToken(s.url, token, { issuer: s.url, audience: app.client_id });
        assert.equal(payload.aud, app.client_id);
        assert.deepEqual(payload.authorization_details, []);
        assert.equal(payload.client_id, app.client_id);
        assert.equal(payload.scope, "application.client");
        assert.equal(payload.exp! - payload.iat!, 3600);
        // Keyport's own endpoints know the token: introspection by its client.
        const info = await postForm(url("/oauth/introspect"), { token }, { Authorization: basicAuth(app.client_id, app.client_secret) });
        assert.equal(info.status, 200, info.text);
        assert.equal(info.body?.active, true);
        assert.equal(info.body?.aud, app.client_id);
      });

      test("client_credentials too; form body; HTTP Basic; scope narrowing; an audience asked for is the aud", async () => {
        const json = await postJson(url(CIAM), { grant_type: "client_credentials", client_id: wide.client_id, client_secret: wide.client_secret, scope: "application.client domain.manage" });
        const jsonBody = assertTokenBody(json, ["access_token", "token_type", "expires_in"]);
        assert.equal(decodeJwtPayload(jsonBody.access_token as string).scope, "application.client domain.manage");

        const form = await postForm(url(CIAM), { grant_type: "client_credential", scope: "domain.manage" }, { Authorization: basicAuth(wide.client_id, wide.client_secret) });
        const formBody = assertTokenBody(form, ["access_token", "token_type", "expires_in"]);
        const claims = decodeJwtPayload(formBody.access_token as string);
        assert.equal(claims.scope, "domain.manage");
        assert.equal(claims.aud, wide.client_id);

        const aud = await postJson(url(CIAM), { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret, audience: DEFAULT_AUDIENCE });
        const audBody = assertTokenBody(aud, ["access_token", "token_type", "expires_in"]);
        const { payload } = await verifyAccessToken(s.url, audBody.access_token as string, { issuer: s.url, audience: DEFAULT_AUDIENCE });
        assert.deepEqual(payload.authorization_details, []);
      });

      test("every error: RFC 6749 §5.2 JSON with its status and headers", async () => {
        const from = freshAddress();
        const h = { "X-Forwarded-For": from };
        const creds = { client_id: app.client_id, client_secret: app.client_secret };
        assertRfcError(await postJson(url(CIAM), { grant_type: "client_credential", client_id: app.client_id, client_secret: "kps_wrong" }, h), 401, "invalid_client", "client authentication failed");
        assertRfcError(await postJson(url(CIAM), { grant_type: "client_credential" }, h), 401, "invalid_client", /^client authentication required/);
        assertRfcError(await postJson(url(CIAM), { grant_type: "client_credential", client_id: disabled.client_id, client_secret: disabled.client_secret }, h), 401, "invalid_client", "the application is disabled");
        assertRfcError(await postJson(url(CIAM), { ...creds }, h), 400, "invalid_request", "missing grant_type");
        assertRfcError(await postJson(url(CIAM), { grant_type: "password", ...creds }, h), 400, "unsupported_grant_type", "grant_type password is not supported");
        assertRfcError(await postJson(url(CIAM), { grant_type: "refresh_token", refresh_token: "x", ...creds }, h), 400, "unsupported_grant_type", "grant_type refresh_token is not supported");
        assertRfcError(await postJson(url(CIAM), { grant_type: "client_credential", scope: "domain.manage", ...creds }, h), 400, "invalid_scope", "scope not allowed for this client: domain.manage");
        assertRfcError(await postJson(url(CIAM), { grant_type: "client_credential", audience: "urn:not-mine", ...creds }, h), 400, "invalid_target", "audience not allowed for this client: urn:not-mine");
        assertRfcError(await request(url(CIAM), { headers: { "Content-Type": "application/json", ...h }, body: "{" }), 400, "invalid_request", "request body is not valid JSON");
        assertRfcError(await request(url(CIAM), { headers: { "Content-Type": "text/plain", ...h }, body: "x" }), 400, "invalid_request", /^content-type must be/);
        assertRfcError(await postJson(url(CIAM), { grant_type: 1, ...creds }, h), 400, "invalid_request", "grant_type must be a string");
        const big = await request(url(CIAM), { headers: { "Content-Type": "application/json", ...h }, body: JSON.stringify({ ...CC, ...creds, pad: "x".repeat(9000) }) });
        assertRfcError(big, 413, "invalid_request", "request body too large");
        const get = await request(url(CIAM), { method: "GET", headers: h });
        assertRfcError(get, 405, "invalid_request", "use POST");
        assert.equal(get.headers.get("allow"), "POST");
      });
    });

    describe(`vision10: POST ${V10}`, () => {
      test('scope "all": every scope the app holds; exactly {access_token, token_type, expires_in}; the token verifies', async () => {
        const res = await postJson(url(V10), { grant_type: "client_credentials", scope: "all", client_id: wide.client_id, client_secret: wide.client_secret });
        const body = assertTokenBody(res, ["access_token", "token_type", "expires_in"]);
        assert.equal(body.token_type, "Bearer");
        const { payload } = await verifyAccessToken(s.url, body.access_token as string, { issuer: s.url, audience: DEFAULT_AUDIENCE });
        assert.equal(payload.scope, "application.client domain.manage");
        assert.equal("authorization_details" in payload, false);

        const one = await postJson(url(V10), { grant_type: "client_credentials", scope: "domain.manage", client_id: wide.client_id, client_secret: wide.client_secret });
        assert.equal(decodeJwtPayload(assertTokenBody(one, ["access_token", "token_type", "expires_in"]).access_token as string).scope, "domain.manage");
        // No scope at all: the same as "all".
        const none = await postJson(url(V10), { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret });
        assert.equal(decodeJwtPayload(assertTokenBody(none, ["access_token", "token_type", "expires_in"]).access_token as string).scope, "application.client");
      });

      test("bad credentials, a scope the app does not hold, no credentials, a disabled app: the issue's 401, verbatim", async () => {
        const h = { "X-Forwarded-For": freshAddress() };
        for (const body of [
          { grant_type: "client_credentials", scope: "all", client_id: app.client_id, client_secret: "kps_not-the-secret" },
          { grant_type: "client_credentials", scope: "all", client_id: "kp_no_such_client", client_secret: app.client_secret },
          { grant_type: "client_credentials", scope: "domain.manage", client_id: app.client_id, client_secret: app.client_secret },
          { grant_type: "client_credentials", scope: "all" },
          { grant_type: "client_credentials", scope: "all", client_id: disabled.client_id, client_secret: disabled.client_secret },
        ]) {
          const res = await postJson(url(V10), body, h);
          assertV10(res, 401, "Unauthorized", "240101", "Invalid client credentials or scope");
          assert.equal(res.text, V10_UNAUTHORIZED);
        }
      });

      test("length limits: at the bound read, one over 400 240002 — before any credential is checked", async () => {
        const h = { "X-Forwarded-For": freshAddress() };
        const base = { grant_type: "client_credentials", scope: "all", client_id: app.client_id, client_secret: app.client_secret };
        for (const [field, limit] of [["grant_type", 50], ["scope", 50], ["client_id", 50], ["client_secret", 100]] as const) {
          const over = await postJson(url(V10), { ...base, [field]: "x".repeat(limit + 1) }, h);
          assertV10(over, 400, "Bad Request", "240002", `${field} must be at most ${limit} characters`);
        }
        // At the bound the request goes on: a 100-character wrong secret is bad credentials, a
        // 50-character unknown grant an unsupported one, a 50-character scope a refused one.
        assertV10(await postJson(url(V10), { ...base, client_secret: "x".repeat(100) }, h), 401, "Unauthorized", "240101", "Invalid client credentials or scope");
        assertV10(await postJson(url(V10), { ...base, grant_type: "x".repeat(50) }, h), 400, "Bad Request", "240004", "grant_type must be client_credentials");
        assertV10(await postJson(url(V10), { ...base, scope: "x".repeat(50) }, h), 401, "Unauthorized", "240101", "Invalid client credentials or scope");
      });

      test("every other error: malformed body, missing and wrong grant, method, media type, size — each its status, title, errorCode and invalid-params", async () => {
        const h = { "X-Forwarded-For": freshAddress() };
        const creds = { client_id: app.client_id, client_secret: app.client_secret };
        const raw = (body: string, type = "application/json") => request(url(V10), { headers: { "Content-Type": type, ...h }, body });
        assertV10(await raw("{not json"), 400, "Bad Request", "240001", "Request body must be a JSON object");
        assertV10(await raw('["client_credentials"]'), 400, "Bad Request", "240001", "Request body must be a JSON object");
        assertV10(await postJson(url(V10), { grant_type: "client_credentials", client_id: 12345, client_secret: "x" }, h), 400, "Bad Request", "240001", "client_id must be a string");
        assertV10(await postJson(url(V10), { scope: "all", ...creds }, h), 400, "Bad Request", "240003", "missing grant_type");
        assertV10(await postJson(url(V10), { grant_type: "client_credential", ...creds }, h), 400, "Bad Request", "240004", "grant_type must be client_credentials");
        assertV10(await postJson(url(V10), { grant_type: "refresh_token", refresh_token: "x", ...creds }, h), 400, "Bad Request", "240004", "grant_type must be client_credentials");
        // Two client authentication methods (RFC 6749 §2.3).
        assertV10(
          await postJson(url(V10), { ...CC, ...creds }, { ...h, Authorization: basicAuth(app.client_id, app.client_secret) }),
          400,
          "Bad Request",
          "240003",
          "more than one client authentication method was used",
        );
        for (const method of ["GET", "PUT", "DELETE"]) {
          const res = await request(url(V10), { method, headers: h });
          assertV10(res, 405, "Method Not Allowed", "240501", "Use POST");
          assert.equal(res.headers.get("allow"), "POST");
        }
        assertV10(await raw(new URLSearchParams({ ...CC, ...creds }).toString(), "application/x-www-form-urlencoded"), 415, "Unsupported Media Type", "241501", "Content-Type must be application/json");
        assertV10(await request(url(V10), { headers: h, body: "{}" }), 415, "Unsupported Media Type", "241501", "Content-Type must be application/json");
        assertV10(await raw(JSON.stringify({ ...CC, ...creds, pad: "x".repeat(9000) })), 413, "Content Too Large", "241301", "Request body must be at most 8 KiB");
        // HTTP Basic is client authentication here too (same pipeline).
        const basic = await postJson(url(V10), { ...CC, scope: "all" }, { ...h, Authorization: basicAuth(app.client_id, app.client_secret) });
        assertTokenBody(basic, ["access_token", "token_type", "expires_in"]);
      });

      test("rate limit: 10 failures for a client from one address are 401, then 429 242901 with Retry-After — also with the right secret", async () => {
        const victim = await createApp(d);
        const h = { "X-Forwarded-For": freshAddress() };
        for (let i = 0; i < 10; i++) {
          assertV10(await postJson(url(V10), { ...CC, client_id: victim.client_id, client_secret: `kps_wrong_${i}` }, h), 401, "Unauthorized", "240101", "Invalid client credentials or scope");
        }
        for (const secret of ["kps_wrong_10", victim.client_secret]) {
          const limited = await postJson(url(V10), { ...CC, client_id: victim.client_id, client_secret: secret }, h);
          assert.equal(limited.status, 429, limited.text);
          const retryAfter = Number(limited.headers.get("retry-after"));
          assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
          assertV10(limited, 429, "Too Many Requests", "242901", `too many failed client authentications; retry in ${retryAfter} s`);
        }
        // /oauth/token shares the count (same pipeline, same limits).
        const std = await postForm(url("/oauth/token"), CC, { ...h, Authorization: basicAuth(victim.client_id, victim.client_secret) });
        assertRfcError(std, 429, "temporarily_unavailable", /^too many failed client authentications/);
        // Another address is not limited.
        assertTokenBody(await postJson(url(V10), { ...CC, client_id: victim.client_id, client_secret: victim.client_secret }, { "X-Forwarded-For": freshAddress() }), [
          "access_token",
          "token_type",
          "expires_in",
        ]);
      });
    });

    describe(`access-analyzer: POST ${AA}`, () => {
      test('form + HTTP Basic, and credentials in the form: token_type "bearer", expires_in, scope; no-store and no-cache', async () => {
        const basic = await postForm(url(AA), { ...CC, scope: "domain.manage" }, { Authorization: basicAuth(wide.client_id, wide.client_secret) });
        const body = assertTokenBody(basic, ["access_token", "token_type", "expires_in", "scope"]);
        assert.equal(body.token_type, "bearer");
        assert.equal(body.expires_in, 3600);
        assert.equal(body.scope, "domain.manage");
        const { payload } = await verifyAccessToken(s.url, body.access_token as string, { issuer: s.url, audience: DEFAULT_AUDIENCE });
        assert.equal(payload.scope, "domain.manage");

        const post = await postForm(url(AA), { ...CC, client_id: app.client_id, client_secret: app.client_secret });
        assert.equal(assertTokenBody(post, ["access_token", "token_type", "expires_in", "scope"]).scope, "application.client");
      });

      test("openid-client against /token: clientCredentialsGrant (form, Basic) reads the answer", async () => {
        const server: oidc.ServerMetadata = { issuer: s.url, token_endpoint: url(AA) };
        const config = new oidc.Configuration(server, wide.client_id, wide.client_secret, oidc.ClientSecretBasic(wide.client_secret));
        oidc.allowInsecureRequests(config);
        const tokens = await oidc.clientCredentialsGrant(config, { scope: "application.client" });
        assert.equal(tokens.token_type, "bearer");
        assert.equal(tokens.scope, "application.client");
        assert.equal(tokens.expires_in, 3600);
        assert.equal(tokens.refresh_token, undefined, "no refresh token for an app without refresh tokens on");
        await verifyAccessToken(s.url, tokens.access_token, { issuer: s.url, audience: DEFAULT_AUDIENCE });
      });

      test("invalid, disabled and blocked (rate-limited) clients are all 401 invalid_client; other errors RFC 6749 §5.2", async () => {
        const h = { "X-Forwarded-For": freshAddress() };
        assertRfcError(await postForm(url(AA), CC, { ...h, Authorization: basicAuth(app.client_id, "kps_wrong") }), 401, "invalid_client", "client authentication failed");
        assertRfcError(await postForm(url(AA), CC, h), 401, "invalid_client", /^client authentication required/);
        assertRfcError(await postForm(url(AA), CC, { ...h, Authorization: basicAuth(disabled.client_id, disabled.client_secret) }), 401, "invalid_client", "the application is disabled");
        assertRfcError(await postJson(url(AA), { ...CC, client_id: app.client_id, client_secret: app.client_secret }, h), 400, "invalid_request", "content-type must be application/x-www-form-urlencoded");
        assertRfcError(await postForm(url(AA), { ...CC, scope: "domain.manage" }, { ...h, Authorization: basicAuth(app.client_id, app.client_secret) }), 400, "invalid_scope");
        assertRfcError(await postForm(url(AA), { grant_type: "password" }, { ...h, Authorization: basicAuth(app.client_id, app.client_secret) }), 400, "unsupported_grant_type");
        const get = await request(url(AA), { method: "GET", headers: h });
        assertRfcError(get, 405, "invalid_request", "use POST");

        // Blocked: past 10 failures from one address (where /oauth/token says 429), even the right
        // secret is 401 — with Retry-After.
        const victim = await createApp(d);
        const from = { "X-Forwarded-For": freshAddress() };
        for (let i = 0; i < 10; i++) {
          assertRfcError(await postForm(url(AA), CC, { ...from, Authorization: basicAuth(victim.client_id, `kps_wrong_${i}`) }), 401, "invalid_client", "client authentication failed");
        }
        for (const secret of ["kps_wrong_10", victim.client_secret]) {
          const blocked = await postForm(url(AA), CC, { ...from, Authorization: basicAuth(victim.client_id, secret) });
          assertRfcError(blocked, 401, "invalid_client", /^too many failed client authentications; retry in \d+ s$/);
          const retryAfter = Number(blocked.headers.get("retry-after"));
          assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
        }
        assertRfcError(await postForm(url("/oauth/token"), CC, { ...from, Authorization: basicAuth(victim.client_id, victim.client_secret) }), 429, "temporarily_unavailable");
      });

      test("refresh tokens on: refresh_token in the answer; grant_type=refresh_token on /token rotates (openid-client); reuse is invalid_grant", async () => {
        const rt = await createApp(d, { scopes: "application.client domain.manage" });
        await cliJson(d, ["apps", "update", rt.client_id, "--refresh-tokens", "on"]);
        // The change reaches the server's cache by notification.
        let first: Record<string, unknown> = {};
        assert.ok(
          await eventually(async () => {
            const r = await postForm(url(AA), CC, { Authorization: basicAuth(rt.client_id, rt.client_secret) });
            first = JSON.parse(r.text) as Record<string, unknown>;
            return r.status === 200 && typeof first.refresh_token === "string";
          }),
          `no refresh_token: ${JSON.stringify(first)}`,
        );
        const issued = await postForm(url(AA), { ...CC, scope: "application.client" }, { Authorization: basicAuth(rt.client_id, rt.client_secret) });
        const body = assertTokenBody(issued, ["access_token", "token_type", "expires_in", "refresh_token", "scope"]);
        assert.equal(body.token_type, "bearer");
        assert.equal(body.scope, "application.client");

        // The refresh grant on this path, with a real client.
        const config = new oidc.Configuration({ issuer: s.url, token_endpoint: url(AA) }, rt.client_id, rt.client_secret, oidc.ClientSecretBasic(rt.client_secret));
        oidc.allowInsecureRequests(config);
        const refreshed = await oidc.refreshTokenGrant(config, body.refresh_token as string);
        assert.equal(refreshed.token_type, "bearer");
        assert.equal(refreshed.scope, "application.client");
        assert.equal(typeof refreshed.refresh_token, "string");
        assert.notEqual(refreshed.refresh_token, body.refresh_token, "rotated");
        await verifyAccessToken(s.url, refreshed.access_token, { issuer: s.url, audience: DEFAULT_AUDIENCE });

        // The raw answer: the same five members.
        const raw = await postForm(url(AA), { grant_type: "refresh_token", refresh_token: refreshed.refresh_token! }, { Authorization: basicAuth(rt.client_id, rt.client_secret) });
        assertTokenBody(raw, ["access_token", "token_type", "expires_in", "refresh_token", "scope"]);
        // Single use: the spent one is refused (and its family revoked, RFC 9700 §4.14.2).
        const reuse = await postForm(url(AA), { grant_type: "refresh_token", refresh_token: body.refresh_token as string }, { Authorization: basicAuth(rt.client_id, rt.client_secret) });
        assertRfcError(reuse, 400, "invalid_grant");
        // ciam and vision10 take no refresh grant.
        assertRfcError(
          await postForm(url(CIAM), { grant_type: "refresh_token", refresh_token: "x" }, { Authorization: basicAuth(rt.client_id, rt.client_secret) }),
          400,
          "unsupported_grant_type",
        );
      });
    });

    describe("the Auth0 shape: /oauth/token with audience (or resource), JSON or form", () => {
      test("Auth0's SDK (auth0/legacy AuthenticationClient.oauth.clientCredentialsGrant) gets a token for the audience", async () => {
        // The SDK only speaks https://<domain>; its documented `fetch` option carries the very same
        // request to this plain-HTTP test server.
        const auth0 = new AuthenticationClient({
          domain: new URL(s.url).host,
          clientId: app.client_id,
          clientSecret: app.client_secret,
          fetch: (input, init) => fetch(String(input instanceof Request ? input.url : input).replace(/^https:/, "http:"), init),
        });
        const { data, status } = await auth0.oauth.clientCredentialsGrant({ audience: DEFAULT_AUDIENCE });
        assert.equal(status, 200);
        assert.equal(data.token_type, "Bearer");
        assert.equal(data.expires_in, 3600);
        const { payload } = await verifyAccessToken(s.url, data.access_token, { issuer: s.url, audience: DEFAULT_AUDIENCE });
        assert.equal(payload.client_id, app.client_id);
        // A foreign audience: Auth0's SDK surfaces Keyport's RFC 6749 error.
        await assert.rejects(auth0.oauth.clientCredentialsGrant({ audience: "https://not-mine.example" }), (err: Error & { error?: string; statusCode?: number }) => {
          assert.equal(err.statusCode, 400);
          assert.equal(err.error, "invalid_target");
          return true;
        });
      });

      test("JSON with audience, form with resource (RFC 8707): aud as asked; a foreign one invalid_target", async () => {
        const json = await postJson(url("/oauth/token"), { ...CC, client_id: app.client_id, client_secret: app.client_secret, audience: DEFAULT_AUDIENCE });
        const body = assertTokenBody(json, ["access_token", "token_type", "expires_in", "scope"]);
        await verifyAccessToken(s.url, body.access_token as string, { issuer: s.url, audience: DEFAULT_AUDIENCE });
        const form = await postForm(url("/oauth/token"), { ...CC, resource: DEFAULT_AUDIENCE }, { Authorization: basicAuth(app.client_id, app.client_secret) });
        assert.equal(decodeJwtPayload(assertTokenBody(form, ["access_token", "token_type", "expires_in", "scope"]).access_token as string).aud, DEFAULT_AUDIENCE);
        assertRfcError(
          await postJson(url("/oauth/token"), { ...CC, client_id: app.client_id, client_secret: app.client_secret, audience: "https://not-mine.example" }),
          400,
          "invalid_target",
          "audience not allowed for this client: https://not-mine.example",
        );
      });
    });

    describe("/oauth/token with every profile on", () => {
      test("unchanged: RFC body, default audience, no profile claim, no alias, RFC errors", async () => {
        const res = await postForm(url("/oauth/token"), CC, { Authorization: basicAuth(app.client_id, app.client_secret) });
        const body = assertTokenBody(res, ["access_token", "token_type", "expires_in", "scope"]);
        assert.equal(body.token_type, "Bearer");
        const { payload } = await verifyAccessToken(s.url, body.access_token as string, { issuer: s.url, audience: DEFAULT_AUDIENCE });
        assert.equal(payload.aud, DEFAULT_AUDIENCE);
        assert.equal("authorization_details" in payload, false, "no profile claim on /oauth/token");
        assertRfcError(await postJson(url("/oauth/token"), { grant_type: "client_credential", client_id: app.client_id, client_secret: app.client_secret }), 400, "unsupported_grant_type");
        assertRfcError(await postJson(url("/oauth/token"), { ...CC, scope: "all", client_id: app.client_id, client_secret: app.client_secret }), 400, "invalid_scope", "scope not allowed for this client: all");
        const meta = await request(url("/.well-known/oauth-authorization-server"), { method: "GET" });
        assert.equal(meta.body?.token_endpoint, url("/oauth/token"));
      });
    });

    describe("database unavailable", () => {
      test("an uncached client: 503 in each profile's dialect, with Retry-After", { skip: backend !== "postgres" && "needs PostgreSQL behind a proxy" }, async () => {
        // A second instance of the deployment reaching PostgreSQL through a proxy this test cuts.
        const direct = new URL(d.database!.url);
        proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
        const behind = await startKeyport(d, { DATABASE_URL: proxy.rewrite(d.database!.url) });
        const url = (path: string) => `${behind.url}${path}`;
        const unknown = () => `kp_${crypto.randomBytes(12).toString("base64url")}`;
        await proxy.setMode("cut");
        try {
          const v10 = await postJson(url(V10), { ...CC, client_id: unknown(), client_secret: "kps_x" });
          assertV10(v10, 503, "Service Unavailable", "250301", "the authorization server is temporarily unavailable; try again shortly");
          assert.equal(v10.headers.get("retry-after"), "5");
          for (const res of [
            await postJson(url(CIAM), { ...CC, client_id: unknown(), client_secret: "kps_x" }),
            await postForm(url(AA), CC, { Authorization: basicAuth(unknown(), "kps_x") }),
          ]) {
            assertRfcError(res, 503, "temporarily_unavailable", "the authorization server is temporarily unavailable; try again shortly");
            assert.equal(res.headers.get("retry-after"), "5");
          }
        } finally {
          await proxy.setMode("pass");
        }
        assert.ok(await eventually(async () => (await request(url("/api/ready"), { method: "GET" })).status === 200, 20_000, 250), "ready again");
        await behind.stop();
      });
    });
  });
}

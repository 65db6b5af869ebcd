// The automation API end to end (issue #11 §2, §3) on a production Keyport, both backends: an app
// registered by an admin (the CLI) with keyport:admin and the audience urn:keyport:management gets
// a token from /oauth/token and calls the admin endpoints; every bad token is a 401 with the RFC
// 6750 challenge, a missing scope a 403; POSTs are idempotent with Idempotency-Key; errors are RFC
// 9457 problem details; openid-client (a real third-party client) calls the API with a DPoP-bound
// token; /openapi.json validates and lists every route; /docs/api is served without a CDN.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { compileErrors, validate } from "@readme/openapi-parser";
import * as oidc from "openid-client";
import { parseConfig } from "../../lib/config/env";
import { openDatabase } from "../../lib/db/database";
import { registerApp } from "../../lib/apps/register-app";
import { cliActor } from "../../lib/audit/actor";
import { API_ROUTES } from "../../lib/api/routes";
import { createApp, createDeployment, ensureBuild, runCli, selectedBackends, startKeyport, type CreatedApp, type Deployment, type KeyportServer } from "../support/keyport";
import { basicAuth, decodeJwtPayload, eventually, getToken, postForm, request, type HttpResult } from "../support/oauth";

const MANAGEMENT = "urn:keyport:management";
// Cache invalidation through LISTEN/NOTIFY is "within a second"; slack for a loaded 2-core box.
const INVALIDATION_MS = 3000;

function assertProblem(res: HttpResult, status: number, type: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal(res.body?.type, `urn:keyport:problem:${type}`, res.text);
  assert.equal(res.body?.status, status);
  assert.doesNotMatch(res.text, /\bat .*\.(ts|js):\d+/, "no stack trace");
}

for (const backend of selectedBackends()) {
  describe(`automation API (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let admin: CreatedApp; // keyport:admin + keyport:apps:read, audience urn:keyport:management
    let reader: CreatedApp; // keyport:apps:read only
    let otherAudience: CreatedApp; // keyport:admin, but the default audience urn:keyport:api
    let shortLived: CreatedApp; // its tokens live 1 s
    let pending: { id: string; clientId: string; clientSecret: string }; // asked for keyport:admin: waits for approval

    const api = (path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
      request(`${s.url}${path}`, {
        method: init.method ?? "GET",
        headers: {
          ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
          ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
      });
    const tokenOf = async (app: { client_id: string; client_secret: string }) => (await getToken(s.url, app.client_id, app.client_secret)).access_token;

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend);
      // Before the server runs (the embedded database has one process at a time): apps from the
      // CLI, as an admin registers them; one whose tokens expire after a second (below the
      // 60 s the settings allow, written straight to the database); one waiting for approval.
      admin = await createApp(d, { scopes: "keyport:admin keyport:apps:read", audience: MANAGEMENT });
      reader = await createApp(d, { scopes: "keyport:apps:read", audience: MANAGEMENT });
      otherAudience = await createApp(d, { scopes: "keyport:admin" });
      shortLived = await createApp(d, { scopes: "keyport:apps:read", audience: MANAGEMENT });
      const config = parseConfig({ ...d.env, KEYPORT_ISSUER: "http://127.0.0.1:1", KEYPORT_LOG_LEVEL: "warn" } as unknown as NodeJS.ProcessEnv);
      const db = await openDatabase(config);
      try {
        await db.prisma.application.update({ where: { clientId: shortLived.client_id }, data: { tokenLifetime: 1 } });
        const r = await registerApp(db.prisma, { name: "Pipeline awaiting approval", ownerEmail: "dev@example.test", scopes: ["keyport:admin"], audience: MANAGEMENT }, cliActor(), {
          pepper: config.secret,
          defaultTokenLifetime: 600,
          preApproved: false, // an owner's registration: keyport:admin needs an admin's approval
        });
        assert.equal(r.app.status, "pending");
        pending = { id: r.app.id, clientId: r.app.clientId, clientSecret: r.clientSecret };
      } finally {
        await db.close();
      }
      s = await startKeyport(d);
    });
    after(async () => {
      await d?.dispose();
    });

    test("a token from /oauth/token creates a scope (201); the audit log shows the application as the actor", async () => {
      const token = await tokenOf(admin);
      assert.equal(decodeJwtPayload(token).aud, MANAGEMENT);
      const created = await api("/api/v1/admin/scopes", { method: "POST", token, body: { name: "reports.read", description: "Read reports" } });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.headers.get("content-type"), "application/json");
      assert.equal(created.headers.get("cache-control"), "no-store");
      assert.deepEqual({ ...created.body, created_at: undefined, updated_at: undefined }, {
        name: "reports.read",
        description: "Read reports",
        requires_approval: false,
        retired_at: null,
        created_at: undefined,
        updated_at: undefined,
      });
      const audit = await api(`/api/v1/admin/audit-events?action=scope.create&limit=10`, { token });
      assert.equal(audit.status, 200, audit.text);
      const items = audit.body!.items as Array<{ target_id: string; actor: { type: string; id: string; email: string | null }; ip: string }>;
      const event = items.find((e) => e.target_id === "reports.read");
      assert.ok(event, audit.text);
      assert.deepEqual(event.actor, { type: "app", id: admin.client_id, email: null });
      assert.equal(event.ip, "127.0.0.1");
      // The console's CLI and pages see the same catalog: the scope is offered at once.
      const listed = await api("/api/v1/admin/scopes", { token });
      assert.ok((listed.body!.items as Array<{ name: string }>).some((x) => x.name === "reports.read"));
    });

    test("Idempotency-Key: the repeat gets the stored answer; the same key with another body is 422", async () => {
      const token = await tokenOf(admin);
      const body = { name: "billing.read", description: "Read billing" };
      const headers = { "Idempotency-Key": "5b1e7c2e-create-billing-read" };
      const first = await api("/api/v1/admin/scopes", { method: "POST", token, body, headers });
      assert.equal(first.status, 201, first.text);
      const again = await api("/api/v1/admin/scopes", { method: "POST", token, body, headers });
      assert.equal(again.status, 201, again.text);
      assert.equal(again.headers.get("idempotent-replayed"), "true");
      assert.deepEqual(again.body, first.body);
      // Without the key the same request is a new one: the scope exists now.
      assertProblem(await api("/api/v1/admin/scopes", { method: "POST", token, body }), 409, "conflict");
      assertProblem(await api("/api/v1/admin/scopes", { method: "POST", token, body: { ...body, description: "Other" }, headers }), 422, "idempotency-key-reused");
      const audit = await api(`/api/v1/admin/audit-events?action=scope.create`, { token });
      assert.equal((audit.body!.items as Array<{ target_id: string }>).filter((e) => e.target_id === "billing.read").length, 1, "created once");
    });

    test("no token, an expired, foreign-audience, revoked or malformed one: 401 with WWW-Authenticate (RFC 6750 §3)", async () => {
      const none = await api("/api/v1/admin/scopes");
      assertProblem(none, 401, "invalid-token");
      assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="keyport", DPoP realm="keyport", algs="ES256 PS256 RS256 EdDSA Ed25519"');

      const invalidToken = /^Bearer realm="keyport", error="invalid_token", error_description="[^"]+"$/;
      const wrongAudience = await api("/api/v1/admin/scopes", { token: await tokenOf(otherAudience) });
      assertProblem(wrongAudience, 401, "invalid-token");
      assert.match(wrongAudience.headers.get("www-authenticate")!, invalidToken);
      assert.match(wrongAudience.body!.detail as string, /urn:keyport:management/);

      const garbage = await api("/api/v1/admin/scopes", { token: "eyJhbGciOiJub25lIn0.e30." });
      assertProblem(garbage, 401, "invalid-token");
      assert.match(garbage.headers.get("www-authenticate")!, invalidToken);

      const short = await tokenOf(shortLived);
      const exp = decodeJwtPayload(short).exp as number;
      assert.ok(
        await eventually(async () => (await api("/api/v1/usage", { token: short })).status === 401, 5000, 250),
        "the token stops working once expired",
      );
      const expired = await api("/api/v1/usage", { token: short });
      assert.ok(Date.now() / 1000 >= exp, "refused because it expired");
      assertProblem(expired, 401, "invalid-token");
      assert.match(expired.headers.get("www-authenticate")!, invalidToken);

      const revokedToken = await tokenOf(admin);
      assert.equal((await api("/api/v1/usage", { token: revokedToken })).status, 200);
      const revoked = await postForm(`${s.url}/oauth/revoke`, { token: revokedToken }, { Authorization: basicAuth(admin.client_id, admin.client_secret) });
      assert.equal(revoked.status, 200);
      const afterRevoke = await api("/api/v1/usage", { token: revokedToken });
      assertProblem(afterRevoke, 401, "invalid-token");
      assert.match(afterRevoke.body!.detail as string, /revoked/);

      const malformed = await api("/api/v1/usage", { headers: { Authorization: "Bearer a b" } });
      assertProblem(malformed, 400, "bad-request");
      assert.match(malformed.headers.get("www-authenticate")!, /error="invalid_request"/);
    });

    test("a disabled application's token: 401 from the moment it is disabled; enabled again: accepted", async () => {
      const token = await tokenOf(reader);
      assert.equal((await api("/api/v1/usage", { token })).status, 200);
      const disabled = await runCli(d, ["apps", "disable", reader.client_id, "--reason", "paused"]);
      assert.equal(disabled.code, 0, disabled.stderr);
      assert.ok(await eventually(async () => (await api("/api/v1/usage", { token })).status === 401, INVALIDATION_MS), "refused once disabled");
      const res = await api("/api/v1/usage", { token });
      assertProblem(res, 401, "invalid-token");
      assert.match(res.headers.get("www-authenticate")!, /error="invalid_token"/);
      assert.equal((await runCli(d, ["apps", "enable", reader.client_id])).code, 0);
      assert.ok(await eventually(async () => (await api("/api/v1/usage", { token })).status === 200, INVALIDATION_MS), "accepted again");
    });

    test("a token without the route's scope: 403 insufficient_scope naming it", async () => {
      const res = await api("/api/v1/admin/audit-events", { token: await tokenOf(reader) });
      assertProblem(res, 403, "insufficient-scope");
      assert.equal(
        res.headers.get("www-authenticate"),
        'Bearer realm="keyport", error="insufficient_scope", error_description="This operation needs the scope keyport:admin.", scope="keyport:admin"',
      );
      // Its own scope opens its own routes.
      const usage = await api("/api/v1/usage?days=7", { token: await tokenOf(reader) });
      assert.equal(usage.status, 200, usage.text);
      assert.deepEqual(usage.body!.application, { id: reader.id, client_id: reader.client_id });
    });

    test("problem details: 422 with every field, 400 malformed JSON, 404 unknown route, 405 with Allow", async () => {
      const token = await tokenOf(admin);
      const invalid = await api("/api/v1/admin/scopes", { method: "POST", token, body: { name: "has space", description: "", requires_approval: "yes", extra: 1 } });
      assertProblem(invalid, 422, "validation-failed");
      const errors = invalid.body!.errors as Array<{ pointer: string; detail: string }>;
      assert.deepEqual(errors.map((e) => e.pointer).sort(), ["#/description", "#/extra", "#/name", "#/requires_approval"]);
      assert.ok(errors.every((e) => typeof e.detail === "string" && e.detail.length > 0));
      assertProblem(await api("/api/v1/admin/scopes", { method: "POST", token, body: '{"name":' }), 400, "bad-request");
      assertProblem(await api("/api/v1/admin/audit-events?limit=0", { token }), 422, "validation-failed");
      assertProblem(await api("/api/v1/no/such/route", { token }), 404, "not-found");
      const wrong = await api("/api/v1/admin/scopes", { method: "PUT", token, body: {} });
      assertProblem(wrong, 405, "method-not-allowed");
      assert.equal(wrong.headers.get("allow"), "GET, HEAD, POST");
    });

    test("approvals: the pending app is listed, approved through the API, and can then get tokens", async () => {
      const token = await tokenOf(admin);
      const refused = await postForm(`${s.url}/oauth/token`, { grant_type: "client_credentials" }, { Authorization: basicAuth(pending.clientId, pending.clientSecret) });
      assert.equal(refused.status, 401, "a pending app gets no token");
      const list = await api("/api/v1/admin/approvals", { token });
      assert.equal(list.status, 200, list.text);
      const item = (list.body!.items as Array<{ client_id: string; privileged_scopes: string[] }>).find((a) => a.client_id === pending.clientId);
      assert.deepEqual(item?.privileged_scopes, ["keyport:admin"]);
      const denyWithoutReason = await api(`/api/v1/admin/approvals/${pending.id}/deny`, { method: "POST", token, body: {} });
      assertProblem(denyWithoutReason, 422, "validation-failed");
      const approved = await api(`/api/v1/admin/approvals/${pending.id}/approve`, { method: "POST", token, body: { reason: "ok for CI" } });
      assert.equal(approved.status, 200, approved.text);
      assert.deepEqual(approved.body!.application, { id: pending.id, client_id: pending.clientId, name: "Pipeline awaiting approval", status: "active", status_reason: "ok for CI" });
      assert.equal(approved.body!.changed, true);
      assert.ok(
        await eventually(async () => (await postForm(`${s.url}/oauth/token`, { grant_type: "client_credentials" }, { Authorization: basicAuth(pending.clientId, pending.clientSecret) })).status === 200, INVALIDATION_MS),
        "approved: it gets tokens",
      );
      const again = await api(`/api/v1/admin/approvals/${pending.id}/approve`, { method: "POST", token, body: {} });
      assert.equal(again.body!.changed, false, "approving twice changes nothing");
    });

    test("openid-client calls the API with a DPoP-bound token (RFC 9449 §7); the same token as Bearer is refused", async () => {
      const config = new oidc.Configuration({ issuer: s.url, token_endpoint: `${s.url}/oauth/token` }, admin.client_id, undefined, oidc.ClientSecretBasic(admin.client_secret));
      oidc.allowInsecureRequests(config); // http://127.0.0.1 in tests
      const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair("ES256"));
      const tokens = await oidc.clientCredentialsGrant(config, {}, { DPoP });
      assert.equal(tokens.token_type, "dpop");
      const res = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(`${s.url}/api/v1/usage?days=2`), "GET", undefined, undefined, { DPoP });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(((await res.json()) as { application: { client_id: string } }).application.client_id, admin.client_id);
      const asBearer = await api("/api/v1/usage", { token: tokens.access_token });
      assertProblem(asBearer, 401, "invalid-token");
      assert.match(asBearer.headers.get("www-authenticate")!, /^DPoP realm="keyport", error="invalid_token"/);
    });

    test("/openapi.json is valid OpenAPI 3.1 and documents every /api/v1 route", async () => {
      const res = await request(`${s.url}/openapi.json`, { method: "GET" });
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
      const doc = res.body as { openapi: string; servers: Array<{ url: string }>; paths: Record<string, Record<string, { operationId: string }>> };
      assert.equal(doc.openapi, "3.1.0");
      assert.deepEqual(doc.servers, [{ url: s.url }]);
      const result = await validate(structuredClone(doc) as unknown as Parameters<typeof validate>[0]);
      assert.ok(result.valid, result.valid ? "" : compileErrors(result));
      for (const route of API_ROUTES) {
        assert.equal(doc.paths[`/api/v1${route.path}`]?.[route.method.toLowerCase()]?.operationId, route.operationId, `${route.method} ${route.path}`);
      }
      assert.ok(doc.paths["/oauth/token"]?.post, "the OAuth endpoints too");
    });

    test("/docs/api is served by Keyport itself, under the page CSP, and /docs links to it", async () => {
      const page = await request(`${s.url}/docs/api`, { method: "GET" });
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1[^>]*>API reference<\/h1>/);
      assert.match(page.text, /href="\/docs\/api\/assets\/swagger-ui.css"/);
      assert.doesNotMatch(page.text, /https?:\/\/(cdn|unpkg|cdnjs|jsdelivr)/i, "no CDN");
      const csp = page.headers.get("content-security-policy") ?? "";
      assert.match(csp, /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/, "the page policy, not relaxed");
      assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline/);
      for (const [file, type] of [["swagger-ui-bundle.js", /^text\/javascript/], ["swagger-ui.css", /^text\/css/]] as const) {
        const asset = await request(`${s.url}/docs/api/assets/${file}`, { method: "GET" });
        assert.equal(asset.status, 200, file);
        assert.match(asset.headers.get("content-type") ?? "", type);
        assert.ok(asset.text.length > 10_000, `${file} is the real file`);
      }
      assert.equal((await request(`${s.url}/docs/api/assets/..%2Fpackage.json`, { method: "GET" })).status, 404);
      assert.match((await request(`${s.url}/docs`, { method: "GET" })).text, /href="\/docs\/api"/);
    });
  });
}

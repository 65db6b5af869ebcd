// The automation API on a real migrated database (PGlite, or PostgreSQL with TEST_DATABASE_URL),
// with tokens from the real OAuth server: bearer verification as a resource server does it (401
// with the RFC 6750 challenge for every bad token, 403 insufficient_scope), DPoP-bound tokens with
// real proofs (RFC 9449 §7), problem details for every bad input, Idempotency-Key, pagination,
// rate limits, and audit events with the application as the actor.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPair, generateProof, type KeyPair } from "dpop";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { createTestOAuthServices } from "../test-support/test-oauth-services";
import { registerApp } from "../apps/register-app";
import { changeAppStatus } from "../apps/change-app-status";
import { cliActor } from "../audit/actor";
import { createRateLimits } from "../rate-limit/rate-limits";
import type { OAuthServices } from "../oauth/oauth-services";
import { createOAuthServer, type OAuthServer } from "../oauth/oauth-server";
import type { OAuthRequest, OAuthResponse } from "../oauth/oauth-http";
import { createApiServer, type ApiServer } from "./api-server";
import type { ApiRequest } from "./api-http";
import { createIdempotencyStore } from "./idempotency";

let t: MigratedTestDatabase;
let services: OAuthServices;
let oauth: OAuthServer;
let api: ApiServer;
type App = { id: string; clientId: string; clientSecret: string };
let admin: App; // keyport:admin + keyport:apps:read, audience urn:keyport:management
let reader: App; // keyport:apps:read only
let elsewhere: App; // keyport:admin, but only the default audience urn:keyport:api

async function register(name: string, scopes: string[], audience?: string): Promise<App> {
  const r = await registerApp(t.prisma, { name, ownerEmail: "ops@example.com", scopes, audience }, cliActor(), {
    pepper: t.config.secret,
    defaultTokenLifetime: 600,
    preApproved: true,
  });
  return { id: r.app.id, clientId: r.app.clientId, clientSecret: r.clientSecret };
}

before(async () => {
  t = await createMigratedTestDatabase("kp_unit_api");
  services = await createTestOAuthServices(t);
  oauth = createOAuthServer(services);
  api = createApiServer(services, { oauth });
  admin = await register("Terraform", ["keyport:admin", "keyport:apps:read"], "urn:keyport:management");
  reader = await register("Dashboard", ["keyport:apps:read"], "urn:keyport:management");
  elsewhere = await register("Other API", ["keyport:admin"]);
});
after(async () => {
  services?.clients.stop();
  await t?.drop();
});

const basic = (a: App) => `Basic ${Buffer.from(`${a.clientId}:${a.clientSecret}`).toString("base64")}`;
const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

async function token(app: App, form: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const h = lower({ "content-type": "application/x-www-form-urlencoded", authorization: basic(app), ...headers });
  const req: OAuthRequest = { method: "POST", header: (n) => h[n], body: new URLSearchParams({ grant_type: "client_credentials", ...form }).toString(), bodyTooLarge: false, remoteAddress: "192.0.2.1" };
  const res = await oauth.routes.get("/oauth/token")!(req);
  assert.equal(res.status, 200, res.body);
  return JSON.parse(res.body) as Record<string, unknown>;
}
const accessToken = async (app: App, form: Record<string, string> = {}) => (await token(app, form)).access_token as string;

/** A JSON answer read back from the wire, indexed freely by the assertions (their failures say what was wrong). */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-only JSON access

interface Call {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  server?: ApiServer;
}
async function call(method: string, target: string, { token: tok, body, headers = {}, server = api }: Call = {}) {
  const h = lower({
    ...(tok ? { authorization: `Bearer ${tok}` } : {}),
    ...(body !== undefined ? { "content-type": "application/json" } : {}),
    "user-agent": "api-test/1",
    ...headers,
  });
  const req: ApiRequest = {
    method,
    target,
    header: (n) => h[n],
    body: body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body),
    bodyTooLarge: false,
    remoteAddress: "198.51.100.9",
  };
  const res: OAuthResponse = await server.handle(req);
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { ...res, json: json as Json };
}

function assertProblem(res: Awaited<ReturnType<typeof call>>, status: number, type: string) {
  assert.equal(res.status, status, res.body);
  assert.equal(res.headers["Content-Type"], "application/problem+json");
  assert.equal(res.json.type, `urn:keyport:problem:${type}`, res.body);
  assert.equal(res.json.status, status);
  assert.equal(typeof res.json.title, "string");
  assert.doesNotMatch(res.body, /\bat .*\.ts:\d+/, "no stack trace");
}

describe("bearer authentication (RFC 6750, RFC 9068 §4)", () => {
  test("no Authorization header: 401 with the Bearer and DPoP challenges and no error code (§3.1)", async () => {
    const res = await call("GET", "/api/v1/usage");
    assertProblem(res, 401, "invalid-token");
    const challenge = res.headers["WWW-Authenticate"]!;
    assert.match(challenge, /^Bearer realm="keyport", DPoP realm="keyport", algs="ES256 PS256 RS256 EdDSA Ed25519"$/);
    assert.doesNotMatch(challenge, /error=/);
    // Another scheme is no credential for this API either.
    assert.equal((await call("GET", "/api/v1/usage", { headers: { Authorization: basic(admin) } })).status, 401);
  });

  test("a valid token for urn:keyport:management: 200, the calling app's usage", async () => {
    const res = await call("GET", "/api/v1/usage?days=3", { token: await accessToken(admin) });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers["Content-Type"], "application/json");
    assert.equal(res.headers["Cache-Control"], "no-store");
    assert.deepEqual(res.json.application, { id: admin.id, client_id: admin.clientId });
    assert.equal(res.json.days.length, 3);
    // The scheme is case-insensitive (RFC 9110 §11.1).
    const lowerScheme = await call("GET", "/api/v1/usage", { headers: { Authorization: `bearer ${await accessToken(admin)}` } });
    assert.equal(lowerScheme.status, 200);
  });

  test("garbage, foreign-issuer, expired and not-yet-valid tokens: 401 invalid_token", async () => {
    const signer = await services.keys.signer();
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: t.config.publicOrigin, sub: admin.clientId, client_id: admin.clientId, aud: "urn:keyport:management", scope: "keyport:admin keyport:apps:read", iat: now, exp: now + 600, jti: "j-" + now };
    const cases: Record<string, string> = {
      garbage: "abc.def.ghi",
      foreignIssuer: await signer.sign({ ...claims, iss: "https://evil.example", jti: "j1" }),
      expired: await signer.sign({ ...claims, iat: now - 700, exp: now - 100, jti: "j2" }),
      notYetValid: await signer.sign({ ...claims, nbf: now + 300, jti: "j3" }),
    };
    // The same key and claims, in date: accepted (so the cases above fail for their one reason).
    assert.equal((await call("GET", "/api/v1/usage", { token: await signer.sign({ ...claims, jti: "j4" }) })).status, 200);
    for (const [name, tok] of Object.entries(cases)) {
      const res = await call("GET", "/api/v1/usage", { token: tok });
      assertProblem(res, 401, "invalid-token");
      assert.match(res.headers["WWW-Authenticate"]!, /^Bearer realm="keyport", error="invalid_token", error_description="[^"]+"$/, name);
    }
  });

  test("a token for another audience: 401 invalid_token naming the audience", async () => {
    const res = await call("GET", "/api/v1/admin/scopes", { token: await accessToken(elsewhere) });
    assertProblem(res, 401, "invalid-token");
    assert.match(res.headers["WWW-Authenticate"]!, /error="invalid_token", error_description="[^"]*urn:keyport:management/);
  });

  test("a malformed Authorization header or a token in the URL: 400 invalid_request", async () => {
    const bad = await call("GET", "/api/v1/usage", { headers: { Authorization: "Bearer two tokens" } });
    assertProblem(bad, 400, "bad-request");
    assert.match(bad.headers["WWW-Authenticate"]!, /error="invalid_request"/);
    const inUrl = await call("GET", `/api/v1/usage?access_token=${await accessToken(admin)}`, { token: await accessToken(admin) });
    assertProblem(inUrl, 400, "bad-request");
  });

  test("a revoked token: 401", async () => {
    const tok = await accessToken(admin);
    assert.equal((await call("GET", "/api/v1/usage", { token: tok })).status, 200);
    const h = lower({ "content-type": "application/x-www-form-urlencoded", authorization: basic(admin) });
    const revoked = await oauth.routes.get("/oauth/revoke")!({ method: "POST", header: (n) => h[n], body: `token=${tok}`, bodyTooLarge: false, remoteAddress: "192.0.2.1" });
    assert.equal(revoked.status, 200);
    const res = await call("GET", "/api/v1/usage", { token: tok });
    assertProblem(res, 401, "invalid-token");
    assert.match(res.json.detail, /revoked/);
  });

  test("a token of a disabled application: 401; enabled again: accepted", async () => {
    const app = await register("Disable me", ["keyport:apps:read"], "urn:keyport:management");
    const tok = await accessToken(app);
    await changeAppStatus(t.prisma, { id: app.id }, "disable", cliActor(), "test");
    services.clients.invalidate(`client:${app.clientId}`); // what the LISTEN/NOTIFY subscriber does in the runtime
    const res = await call("GET", "/api/v1/usage", { token: tok });
    assertProblem(res, 401, "invalid-token");
    assert.match(res.json.detail, /not active/);
    await changeAppStatus(t.prisma, { id: app.id }, "enable", cliActor());
    services.clients.invalidate(`client:${app.clientId}`);
    assert.equal((await call("GET", "/api/v1/usage", { token: tok })).status, 200);
  });

  test("a missing scope: 403 insufficient_scope with scope= in the challenge", async () => {
    const res = await call("GET", "/api/v1/admin/scopes", { token: await accessToken(reader) });
    assertProblem(res, 403, "insufficient-scope");
    assert.equal(
      res.headers["WWW-Authenticate"],
      'Bearer realm="keyport", error="insufficient_scope", error_description="This operation needs the scope keyport:admin.", scope="keyport:admin"',
    );
    // A token the admin app asked for with fewer scopes is limited to them.
    const narrow = await accessToken(admin, { scope: "keyport:apps:read" });
    assertProblem(await call("GET", "/api/v1/admin/scopes", { token: narrow }), 403, "insufficient-scope");
    assert.equal((await call("GET", "/api/v1/usage", { token: narrow })).status, 200);
  });
});

describe("DPoP-bound tokens (RFC 9449 §7)", () => {
  let keyPair: KeyPair;
  let tok: string;
  const url = (path: string) => `${t.config.publicOrigin}${path}`;
  before(async () => {
    keyPair = await generateKeyPair("ES256");
    const issued = await token(admin, {}, { DPoP: await generateProof(keyPair, url("/oauth/token"), "POST") });
    assert.equal(issued.token_type, "DPoP");
    tok = issued.access_token as string;
  });
  const dpopCall = async (path: string, proof: string | undefined, scheme = "DPoP") =>
    call("GET", path, { headers: { Authorization: `${scheme} ${tok}`, ...(proof ? { DPoP: proof } : {}) } });

  test("with the DPoP scheme and a proof for this request (htm, htu, ath): accepted", async () => {
    const res = await dpopCall("/api/v1/usage", await generateProof(keyPair, url("/api/v1/usage"), "GET", undefined, tok));
    assert.equal(res.status, 200, res.body);
  });

  test("sent as a Bearer token, or without a proof: 401", async () => {
    const asBearer = await dpopCall("/api/v1/usage", undefined, "Bearer");
    assertProblem(asBearer, 401, "invalid-token");
    assert.match(asBearer.headers["WWW-Authenticate"]!, /^DPoP realm="keyport", error="invalid_token"/);
    const noProof = await dpopCall("/api/v1/usage", undefined);
    assert.match(noProof.headers["WWW-Authenticate"]!, /^DPoP realm="keyport", error="invalid_dpop_proof"/);
  });

  test("a proof without ath, for another URL or method, by another key, or replayed: 401 invalid_dpop_proof", async () => {
    const other = await generateKeyPair("ES256");
    const cases = {
      noAth: await generateProof(keyPair, url("/api/v1/usage"), "GET"),
      otherUrl: await generateProof(keyPair, url("/api/v1/admin/scopes"), "GET", undefined, tok),
      otherMethod: await generateProof(keyPair, url("/api/v1/usage"), "POST", undefined, tok),
      otherKey: await generateProof(other, url("/api/v1/usage"), "GET", undefined, tok),
    };
    for (const [name, proof] of Object.entries(cases)) {
      const res = await dpopCall("/api/v1/usage", proof);
      assertProblem(res, 401, "invalid-token");
      assert.match(res.headers["WWW-Authenticate"]!, /^DPoP realm="keyport", error="invalid_dpop_proof"/, name);
    }
    const once = await generateProof(keyPair, url("/api/v1/usage"), "GET", undefined, tok);
    assert.equal((await dpopCall("/api/v1/usage", once)).status, 200);
    const replayed = await dpopCall("/api/v1/usage", once);
    assert.match(replayed.json.detail, /used before/);
  });

  test("a Bearer token sent with the DPoP scheme: 401", async () => {
    const bearer = await accessToken(admin);
    const res = await call("GET", "/api/v1/usage", {
      headers: { Authorization: `DPoP ${bearer}`, DPoP: await generateProof(keyPair, url("/api/v1/usage"), "GET", undefined, bearer) },
    });
    assertProblem(res, 401, "invalid-token");
  });
});

describe("admin endpoints, problem details, idempotency", () => {
  let tok: string;
  before(async () => {
    tok = await accessToken(admin);
  });

  test("create a scope: 201, and the audit log names the application as the actor", async () => {
    const res = await call("POST", "/api/v1/admin/scopes", { token: tok, body: { name: "reports.read", description: "Read reports", requires_approval: true } });
    assert.equal(res.status, 201, res.body);
    assert.equal(res.json.name, "reports.read");
    assert.equal(res.json.requires_approval, true);
    assert.equal(res.json.retired_at, null);
    const events = await t.prisma.auditEvent.findMany({ where: { action: "scope.create", targetId: "reports.read" } });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.actorType, "app");
    assert.equal(events[0]!.actorId, admin.clientId);
    assert.equal(events[0]!.ip, "198.51.100.9");
    assert.equal(events[0]!.userAgent, "api-test/1");

    const listed = await call("GET", "/api/v1/admin/scopes", { token: tok });
    assert.ok(listed.json.items.some((s: { name: string }) => s.name === "reports.read"));
    const patched = await call("PATCH", "/api/v1/admin/scopes/reports.read", { token: tok, body: { requires_approval: false } });
    assert.equal(patched.status, 200, patched.body);
    assert.equal(patched.json.requires_approval, false);
    const dup = await call("POST", "/api/v1/admin/scopes", { token: tok, body: { name: "reports.read", description: "again" } });
    assertProblem(dup, 409, "conflict");
    assert.deepEqual(dup.json.errors, [{ pointer: "#/name", detail: "A scope with this name already exists" }]);
  });

  test("invalid bodies and queries: 422 with every field error; malformed JSON 400; wrong media type 415", async () => {
    const invalid = await call("POST", "/api/v1/admin/scopes", { token: tok, body: { name: "has space", description: "", extra: 1 } });
    assertProblem(invalid, 422, "validation-failed");
    const pointers = invalid.json.errors.map((e: { pointer: string }) => e.pointer).sort();
    assert.deepEqual(pointers, ["#/description", "#/extra", "#/name"]);
    assertProblem(await call("POST", "/api/v1/admin/scopes", { token: tok, body: "{nope" }), 400, "bad-request");
    assertProblem(
      await call("POST", "/api/v1/admin/scopes", { token: tok, body: "name=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      415,
      "unsupported-media-type",
    );
    const query = await call("GET", "/api/v1/usage?days=1000&x=1", { token: tok });
    assertProblem(query, 422, "validation-failed");
    assert.deepEqual(query.json.errors, [
      { parameter: "days", detail: "days must be at most 90" },
      { parameter: "x", detail: "Unknown query parameter" },
    ]);
    const noQuery = await call("GET", "/api/v1/admin/audiences?x=1", { token: tok });
    assertProblem(noQuery, 422, "validation-failed");
    assert.deepEqual(noQuery.json.errors, [{ parameter: "x", detail: "Unknown query parameter" }]);
  });

  test("unknown route 404, wrong method 405 with Allow, oversized body 413 — before authentication is even asked", async () => {
    assertProblem(await call("GET", "/api/v1/nope"), 404, "not-found");
    assertProblem(await call("GET", "/api/v1"), 404, "not-found");
    const wrong = await call("DELETE", "/api/v1/admin/scopes", { token: tok });
    assertProblem(wrong, 405, "method-not-allowed");
    assert.equal(wrong.headers.Allow, "GET, HEAD, POST");
    const big = await api.handle({ method: "POST", target: "/api/v1/admin/scopes", header: () => undefined, body: "", bodyTooLarge: true, remoteAddress: "x" });
    assert.equal(big.status, 413);
  });

  test("a domain not-found is 404; a domain conflict 409", async () => {
    assertProblem(await call("PATCH", "/api/v1/admin/scopes/no.such", { token: tok, body: { description: "x" } }), 404, "not-found");
    assertProblem(await call("POST", "/api/v1/admin/approvals/no-such-app/approve", { token: tok, body: {} }), 404, "not-found");
    // Retiring with a stale grant count.
    await call("POST", "/api/v1/admin/scopes", { token: tok, body: { name: "legacy.x", description: "Legacy" } });
    await register("Holder", ["legacy.x"]);
    assertProblem(await call("POST", "/api/v1/admin/scopes/legacy.x/retire", { token: tok, body: { confirmed_grant_count: 0 } }), 409, "conflict");
    const retired = await call("POST", "/api/v1/admin/scopes/legacy.x/retire", { token: tok, body: { confirmed_grant_count: 1 } });
    assert.deepEqual(retired.json, { name: "legacy.x", retired: true, grant_count: 1 });
  });

  test("Idempotency-Key: a repeat replays the stored answer and acts once; another body is 422; a running one 409", async () => {
    const headers = { "Idempotency-Key": '"create-billing-scope-1"' };
    const body = { name: "billing.read", description: "Read billing" };
    const first = await call("POST", "/api/v1/admin/scopes", { token: tok, body, headers });
    assert.equal(first.status, 201, first.body);
    assert.equal(first.headers["Idempotent-Replayed"], undefined);
    const again = await call("POST", "/api/v1/admin/scopes", { token: tok, body, headers: { "Idempotency-Key": "create-billing-scope-1" } });
    assert.equal(again.status, 201, again.body);
    assert.equal(again.headers["Idempotent-Replayed"], "true");
    assert.deepEqual(again.json, first.json);
    assert.equal(await t.prisma.auditEvent.count({ where: { action: "scope.create", targetId: "billing.read" } }), 1, "acted once");
    const stored = await t.prisma.apiIdempotency.findFirstOrThrow({ where: { key: "create-billing-scope-1" } });
    assert.doesNotMatch(stored.body, /billing/, "the stored answer is sealed");

    const otherBody = await call("POST", "/api/v1/admin/scopes", { token: tok, body: { ...body, description: "Other" }, headers });
    assertProblem(otherBody, 422, "idempotency-key-reused");

    // Another caller's key space is its own.
    const mine = await call("POST", "/api/v1/admin/scopes", { token: tok, body: { name: "billing.write", description: "x" }, headers: { "Idempotency-Key": "k2" } });
    assert.equal(mine.status, 201);

    // A request holding the key (claimed, not answered yet): 409 with Retry-After.
    const store = createIdempotencyStore(t.prisma, t.config.secret);
    const running = { principal: admin.id, key: "in-flight", method: "POST", path: "/api/v1/admin/scopes", body: JSON.stringify({ name: "c.d", description: "x" }) };
    assert.deepEqual(await store.claim(running), { kind: "claimed" });
    const conflict = await call("POST", "/api/v1/admin/scopes", { token: tok, body: running.body, headers: { "Idempotency-Key": "in-flight" } });
    assertProblem(conflict, 409, "idempotency-in-progress");
    assert.equal(conflict.headers["Retry-After"], "1");

    // A failed request releases its key: the corrected retry with the same key runs.
    const failed = await call("POST", "/api/v1/admin/scopes", { token: tok, body: { name: "bad name", description: "x" }, headers: { "Idempotency-Key": "k3" } });
    assert.equal(failed.status, 422);
    const fixed = await call("POST", "/api/v1/admin/scopes", { token: tok, body: { name: "bad name", description: "x" }, headers: { "Idempotency-Key": "k3" } });
    assert.equal(fixed.status, 422, "the same (invalid) request runs again rather than being replayed");
    assertProblem(await call("POST", "/api/v1/admin/scopes", { token: tok, body, headers: { "Idempotency-Key": "no\u0000pe" } }), 400, "bad-request");
  });

  test("audiences by percent-encoded identifier; signing keys rotate", async () => {
    const created = await call("POST", "/api/v1/admin/audiences", { token: tok, body: { identifier: "https://billing.example.com/api", name: "Billing" } });
    assert.equal(created.status, 201, created.body);
    const path = `/api/v1/admin/audiences/${encodeURIComponent("https://billing.example.com/api")}`;
    const renamed = await call("PATCH", path, { token: tok, body: { name: "Billing API" } });
    assert.equal(renamed.status, 200, renamed.body);
    assert.equal(renamed.json.name, "Billing API");
    const before = await call("GET", "/api/v1/admin/signing-keys", { token: tok });
    const rotated = await call("POST", "/api/v1/admin/signing-keys/rotate", { token: tok });
    assert.equal(rotated.status, 200, rotated.body);
    assert.deepEqual(rotated.json.retired, [before.json.items.find((k: { status: string }) => k.status === "active").kid]);
    const after = await call("GET", "/api/v1/admin/signing-keys", { token: tok });
    assert.equal(after.json.items.find((k: { status: string }) => k.status === "active").kid, rotated.json.kid);
  });

  test("the audit log: the console's filters, cursor pages with a Link header, a foreign cursor 422", async () => {
    const first = await call("GET", `/api/v1/admin/audit-events?action=scope.create&limit=2`, { token: tok });
    assert.equal(first.status, 200, first.body);
    assert.equal(first.json.items.length, 2);
    assert.ok(first.json.items.every((e: { action: string; actor: { type: string; id: string } }) => e.action === "scope.create" && e.actor.type === "app" && e.actor.id === admin.clientId));
    assert.equal(typeof first.json.next_cursor, "string");
    assert.match(first.headers.Link!, new RegExp(`^<${t.config.publicOrigin}/api/v1/admin/audit-events\\?action=scope.create&limit=2&cursor=[A-Za-z0-9_-]+>; rel="next"$`));
    const next = await call("GET", `/api/v1/admin/audit-events?action=scope.create&limit=2&cursor=${first.json.next_cursor}`, { token: tok });
    assert.equal(next.status, 200);
    const ids = new Set([...first.json.items, ...next.json.items].map((e: { id: string }) => e.id));
    assert.equal(ids.size, first.json.items.length + next.json.items.length, "pages do not overlap");
    const bad = await call("GET", `/api/v1/admin/audit-events?cursor=bm9wZQ`, { token: tok });
    assertProblem(bad, 422, "validation-failed");
    assert.equal(bad.json.errors[0].parameter, "cursor");
    assertProblem(await call("GET", `/api/v1/admin/audit-events?from=yesterday`, { token: tok }), 422, "validation-failed");
  });

  test("rate limit per application: 429 problem with Retry-After", async () => {
    const limited = createApiServer(
      { ...services, limits: createRateLimits({ ...t.config, KEYPORT_LIMIT_API_PER_APP: { points: 2, durationSeconds: 60 } }, t.db, services.events) },
      { oauth },
    );
    // Fresh applications: on PostgreSQL the counters are shared with every instance (and test).
    const busy = await accessToken(await register("Busy", ["keyport:apps:read"], "urn:keyport:management"));
    assert.equal((await call("GET", "/api/v1/usage", { token: busy, server: limited })).status, 200);
    assert.equal((await call("GET", "/api/v1/usage", { token: busy, server: limited })).status, 200);
    const res = await call("GET", "/api/v1/usage", { token: busy, server: limited });
    assertProblem(res, 429, "rate-limited");
    assert.ok(Number(res.headers["Retry-After"]) >= 1);
    // Another application has its own budget.
    const calm = await accessToken(await register("Calm", ["keyport:apps:read"], "urn:keyport:management"));
    assert.equal((await call("GET", "/api/v1/usage", { token: calm, server: limited })).status, 200);
  });
});

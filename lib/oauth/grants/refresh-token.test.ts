// The refresh_token grant and its neighbours on a real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL), through the OAuth server's own routes: off by default, rotation, single use,
// reuse revoking the family once (one audit event, one outbox row per recipient however often it is
// replayed), narrowing, another client's token, expiry, introspection, revocation, purge.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../../test-support/migrated-test-database";
import { createTestOAuthServices } from "../../test-support/test-oauth-services";
import { registerApp } from "../../apps/register-app";
import { cliActor } from "../../audit/actor";
import type { OAuthServices } from "../oauth-services";
import { createOAuthServer, type OAuthServer } from "../oauth-server";
import type { OAuthRequest, OAuthResponse } from "../oauth-http";
import { refreshTokenCodec, refreshTokenDigest } from "../refresh/refresh-token-codec";
import { purgeRefreshTokens } from "../refresh/purge-refresh-tokens";

let t: MigratedTestDatabase;
let services: OAuthServices;
let server: OAuthServer;

before(async () => {
  t = await createMigratedTestDatabase("kp_unit_refresh_grant");
  services = await createTestOAuthServices(t);
  server = createOAuthServer(services);
});
after(async () => t?.drop());

interface App {
  appId: string;
  clientId: string;
  clientSecret: string;
}

async function register(opts: { refresh?: boolean; lifetime?: number; scopes?: string[] } = {}): Promise<App> {
  const r = await registerApp(t.prisma, { name: `refresh ${Math.random()}`, ownerEmail: "refresh-owner@example.com", scopes: opts.scopes ?? ["application.client", "domain.manage"] }, cliActor(), {
    pepper: t.config.secret,
    defaultTokenLifetime: 600,
    preApproved: true,
  });
  if (opts.refresh) await setRefresh(r.app.id, true, opts.lifetime);
  return { appId: r.app.id, clientId: r.app.clientId, clientSecret: r.clientSecret };
}

/** What the admin toggle does to the row; the runtime's LISTEN would then drop the cached client. */
async function setRefresh(appId: string, on: boolean, lifetime?: number) {
  await t.prisma.application.update({ where: { id: appId }, data: { refreshTokens: on, ...(lifetime ? { refreshTokenLifetime: lifetime } : {}) } });
  services.clients.invalidate(`app:${appId}`);
}

const basic = (a: App) => `Basic ${Buffer.from(`${encodeURIComponent(a.clientId)}:${encodeURIComponent(a.clientSecret)}`).toString("base64")}`;
function post(path: string, a: App, form: Record<string, string>, resources: string[] = []): Promise<OAuthResponse> {
  const handler = server.routes.get(path)!;
  const body = new URLSearchParams(form);
  for (const r of resources) body.append("resource", r);
  const h: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", authorization: basic(a), "user-agent": "refresh-test" };
  const req: OAuthRequest = { method: "POST", header: (n) => h[n], body: body.toString(), bodyTooLarge: false, remoteAddress: "192.0.2.44" };
  return handler(req);
}
const json = (r: OAuthResponse) => JSON.parse(r.body) as Record<string, unknown>;
const token = (a: App, form: Record<string, string> = {}) => post("/oauth/token", a, { grant_type: "client_credentials", ...form });
const refresh = (a: App, rt: string, form: Record<string, string> = {}, resources: string[] = []) => post("/oauth/token", a, { grant_type: "refresh_token", refresh_token: rt, ...form }, resources);
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
function expectError(r: OAuthResponse, status: number, error: string, description?: string) {
  assert.equal(r.status, status, r.body);
  const b = json(r);
  assert.equal(b.error, error, r.body);
  if (description !== undefined) assert.equal(b.error_description, description);
  assert.equal(r.headers["Cache-Control"], "no-store");
}
async function firstRefreshToken(a: App): Promise<string> {
  const r = await token(a);
  assert.equal(r.status, 200, r.body);
  const rt = json(r).refresh_token;
  assert.equal(typeof rt, "string");
  return rt as string;
}

test("off by default: no refresh_token, and grant_type=refresh_token is unauthorized_client", async () => {
  const a = await register();
  const r = await token(a);
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(json(r)).sort(), ["access_token", "expires_in", "scope", "token_type"]);
  // Even with a well-formed token of its own (sealed under this deployment's key).
  const forged = refreshTokenCodec(t.config.secret).issue({ familyId: "f", generation: 0, appId: a.appId, clientId: a.clientId, scope: "application.client", aud: "urn:keyport:api", lifetime: 60 });
  expectError(await refresh(a, forged), 400, "unauthorized_client", "this client may not use grant_type refresh_token");
});

test("metadata lists refresh_token with client_credentials", async () => {
  const r = await server.routes.get("/.well-known/oauth-authorization-server")!({ method: "GET", header: () => undefined, body: "", bodyTooLarge: false, remoteAddress: "192.0.2.44" });
  assert.deepEqual(json(r).grant_types_supported, ["client_credentials", "refresh_token"]);
});

test("on: rotation issues a new access token and a new refresh token of the same family; each token works once", async () => {
  const a = await register({ refresh: true, lifetime: 7200 });
  const rt0 = await firstRefreshToken(a);
  const codec = refreshTokenCodec(t.config.secret);
  const c0 = codec.open(rt0)!;
  assert.equal(c0.generation, 0);
  assert.equal(c0.exp - c0.iat, 7200, "the app's lifetime");

  const r1 = await refresh(a, rt0);
  assert.equal(r1.status, 200, r1.body);
  assert.equal(r1.headers["Cache-Control"], "no-store");
  assert.equal(r1.headers.Pragma, "no-cache");
  const b1 = json(r1);
  assert.deepEqual(Object.keys(b1).sort(), ["access_token", "expires_in", "refresh_token", "scope", "token_type"]);
  assert.equal(b1.token_type, "Bearer");
  assert.equal(b1.expires_in, 600);
  assert.equal(b1.scope, "application.client domain.manage");
  const at = claims(b1.access_token as string);
  assert.equal(at.client_id, a.clientId);
  assert.equal(at.aud, "urn:keyport:api");
  const c1 = codec.open(b1.refresh_token as string)!;
  assert.equal(c1.familyId, c0.familyId);
  assert.equal(c1.generation, 1);
  assert.notEqual(b1.refresh_token, rt0);

  const r2 = await refresh(a, b1.refresh_token as string);
  assert.equal(r2.status, 200, r2.body);
  assert.equal(codec.open(json(r2).refresh_token as string)!.generation, 2);
  // Only digests were stored.
  const uses = await t.prisma.refreshTokenUse.findMany({ where: { familyId: c0.familyId }, orderBy: { usedAt: "asc" } });
  assert.deepEqual(uses.map((u) => u.digest).sort(), [refreshTokenDigest(rt0), refreshTokenDigest(b1.refresh_token as string)].sort());
});

test("reuse revokes the whole family once: the newest token stops working, one audit event, one mail per recipient", async () => {
  const a = await register({ refresh: true });
  const rt0 = await firstRefreshToken(a);
  const familyId = refreshTokenCodec(t.config.secret).open(rt0)!.familyId;
  const r1 = await refresh(a, rt0);
  const newest = json(r1).refresh_token as string;

  const replay = await refresh(a, rt0);
  expectError(replay, 400, "invalid_grant", "the refresh token was already used: every refresh token of its chain is now revoked (RFC 9700 §4.14.2)");
  expectError(await refresh(a, newest), 400, "invalid_grant", "the refresh token has been revoked");
  // Replayed again: still refused, nothing more recorded or mailed.
  expectError(await refresh(a, rt0), 400, "invalid_grant", "the refresh token has been revoked");

  const family = await t.prisma.refreshTokenFamily.findUniqueOrThrow({ where: { id: familyId } });
  assert.equal(family.revokedReason, "reuse");
  assert.ok(family.revokedAt);
  assert.equal(family.applicationId, a.appId);
  const audits = await t.prisma.auditEvent.findMany({ where: { applicationId: a.appId, action: "refresh_token.reuse_detected" } });
  assert.equal(audits.length, 1);
  assert.equal(audits[0]!.actorType, "client");
  assert.equal(audits[0]!.actorId, a.clientId);
  assert.equal(audits[0]!.ip, "192.0.2.44");
  assert.equal(audits[0]!.targetId, familyId);
  assert.deepEqual(audits[0]!.details, { generation: 0, reason: "reuse" });
  const mails = await t.prisma.emailMessage.findMany({ where: { applicationId: a.appId, kind: "refresh_token_reuse" } });
  assert.equal(mails.length, 1);
  assert.equal(mails[0]!.to, "refresh-owner@example.com");
  assert.match(mails[0]!.subject, /^A refresh token of refresh .* was used twice$/);

  // A new client-credentials grant starts a new, working family.
  const fresh = await firstRefreshToken(a);
  assert.equal((await refresh(a, fresh)).status, 200);
});

test("the same token redeemed twice at once: exactly one wins; replays racing each other mail once", async () => {
  const a = await register({ refresh: true });
  const rt0 = await firstRefreshToken(a);
  const [x, y] = await Promise.all([refresh(a, rt0), refresh(a, rt0)]);
  assert.deepEqual([x.status, y.status].sort(), [200, 400], `${x.body} ${y.body}`);
  const rt1 = json(x.status === 200 ? x : y).refresh_token as string;
  // The losing redemption was a replay: the family is revoked, the winner's new token with it.
  expectError(await refresh(a, rt1), 400, "invalid_grant", "the refresh token has been revoked");
  // A second family: five replays at once after one legitimate use.
  const fresh = await firstRefreshToken(a);
  assert.equal((await refresh(a, fresh)).status, 200);
  const replays = await Promise.all(Array.from({ length: 5 }, () => refresh(a, fresh)));
  for (const r of replays) expectError(r, 400, "invalid_grant");
  assert.equal(await t.prisma.emailMessage.count({ where: { applicationId: a.appId, kind: "refresh_token_reuse" } }), 2, "one mail per family");
  assert.equal(await t.prisma.auditEvent.count({ where: { applicationId: a.appId, action: "refresh_token.reuse_detected" } }), 2);
});

test("scope may only narrow (RFC 6749 §6); the rotated token keeps the original grant", async () => {
  const a = await register({ refresh: true });
  const rt0 = await firstRefreshToken(a);
  const narrowed = await refresh(a, rt0, { scope: "domain.manage" });
  assert.equal(narrowed.status, 200, narrowed.body);
  assert.equal(json(narrowed).scope, "domain.manage");
  assert.equal(claims(json(narrowed).access_token as string).scope, "domain.manage");
  const rt1 = json(narrowed).refresh_token as string;
  assert.equal(refreshTokenCodec(t.config.secret).open(rt1)!.scope, "application.client domain.manage");
  // Back to the full grant with the rotated token: allowed, it is within the grant.
  const full = await refresh(a, rt1);
  assert.equal(json(full).scope, "application.client domain.manage");

  // Widening is refused and does not spend the token.
  const rt2 = json(full).refresh_token as string;
  expectError(await refresh(a, rt2, { scope: "application.client admin.all" }), 400, "invalid_scope", "scope exceeds the refresh token's grant: admin.all");
  expectError(await refresh(a, rt2, {}, ["https://elsewhere.example/"]), 400, "invalid_target", "audience exceeds the refresh token's grant: https://elsewhere.example/");
  assert.equal((await refresh(a, rt2)).status, 200, "the token was not spent by the refused requests");
});

test("a token of another client, a forged or expired token: invalid_grant, nothing recorded", async () => {
  const a = await register({ refresh: true });
  const b = await register({ refresh: true });
  const rtA = await firstRefreshToken(a);
  expectError(await refresh(b, rtA), 400, "invalid_grant", "the refresh token is invalid");
  assert.equal(await t.prisma.refreshTokenUse.count({ where: { digest: refreshTokenDigest(rtA) } }), 0);
  assert.equal((await refresh(a, rtA)).status, 200, "its own client still can");

  expectError(await refresh(a, "krt_" + "A".repeat(80)), 400, "invalid_grant", "the refresh token is invalid");
  expectError(await refresh(a, "not-a-refresh-token"), 400, "invalid_grant", "the refresh token is invalid");
  expectError(await post("/oauth/token", a, { grant_type: "refresh_token" }), 400, "invalid_request", "missing refresh_token");

  const expired = refreshTokenCodec(t.config.secret).issue({
    familyId: "expired-family",
    generation: 0,
    appId: a.appId,
    clientId: a.clientId,
    scope: "application.client",
    aud: "urn:keyport:api",
    lifetime: 60,
    now: Math.floor(Date.now() / 1000) - 120,
  });
  expectError(await refresh(a, expired), 400, "invalid_grant", "the refresh token has expired");
});

test("turning refresh tokens off refuses the tokens already issued; disabled apps are refused at authentication", async () => {
  const a = await register({ refresh: true });
  const rt = await firstRefreshToken(a);
  await setRefresh(a.appId, false);
  expectError(await refresh(a, rt), 400, "unauthorized_client");
  await setRefresh(a.appId, true);
  await t.prisma.application.update({ where: { id: a.appId }, data: { status: "disabled" } });
  services.clients.invalidate(`app:${a.appId}`);
  expectError(await refresh(a, rt), 401, "invalid_client", "the application is disabled");
  await t.prisma.application.update({ where: { id: a.appId }, data: { status: "pending" } });
  services.clients.invalidate(`app:${a.appId}`);
  expectError(await refresh(a, rt), 401, "invalid_client", "the application is pending approval");
});

test("introspection reports a live refresh token to its own client only; used, revoked and foreign ones are inactive", async () => {
  const a = await register({ refresh: true });
  const b = await register({ refresh: true });
  const rt0 = await firstRefreshToken(a);
  const c0 = refreshTokenCodec(t.config.secret).open(rt0)!;
  const active = await post("/oauth/introspect", a, { token: rt0, token_type_hint: "refresh_token" });
  assert.equal(active.status, 200);
  assert.deepEqual(json(active), {
    active: true,
    client_id: a.clientId,
    scope: "application.client domain.manage",
    aud: "urn:keyport:api",
    iss: t.config.publicOrigin,
    sub: a.clientId,
    exp: c0.exp,
    iat: c0.iat,
    token_type: "refresh_token",
  });
  assert.deepEqual(json(await post("/oauth/introspect", a, { token: rt0 })), json(active), "the hint is not needed");
  assert.deepEqual(json(await post("/oauth/introspect", b, { token: rt0 })), { active: false });
  const r1 = await refresh(a, rt0);
  assert.deepEqual(json(await post("/oauth/introspect", a, { token: rt0 })), { active: false }, "used");
  const rt1 = json(r1).refresh_token as string;
  assert.equal(json(await post("/oauth/introspect", a, { token: rt1 })).active, true);
  await post("/oauth/revoke", a, { token: rt1 });
  assert.deepEqual(json(await post("/oauth/introspect", a, { token: rt1 })), { active: false }, "revoked");
});

test("revocation (RFC 7009) revokes the family, with or without token_type_hint; another client's token is refused", async () => {
  const a = await register({ refresh: true });
  const b = await register({ refresh: true });
  const codec = refreshTokenCodec(t.config.secret);

  const withHint = await firstRefreshToken(a);
  const r = await post("/oauth/revoke", a, { token: withHint, token_type_hint: "refresh_token" });
  assert.equal(r.status, 200);
  assert.equal(r.body, "");
  expectError(await refresh(a, withHint), 400, "invalid_grant", "the refresh token has been revoked");

  const withoutHint = await firstRefreshToken(a);
  const rotated = json(await refresh(a, withoutHint)).refresh_token as string;
  assert.equal((await post("/oauth/revoke", a, { token: withoutHint })).status, 200, "revoking a used token of the family");
  expectError(await refresh(a, rotated), 400, "invalid_grant", "the refresh token has been revoked");
  const family = await t.prisma.refreshTokenFamily.findUniqueOrThrow({ where: { id: codec.open(withoutHint)!.familyId } });
  assert.equal(family.revokedReason, "revoked");
  // Revoking twice is fine and audits once; no reuse mail for a revocation.
  assert.equal((await post("/oauth/revoke", a, { token: rotated })).status, 200);
  assert.equal(await t.prisma.auditEvent.count({ where: { targetId: family.id, action: "refresh_token.revoked" } }), 1);
  assert.equal(await t.prisma.emailMessage.count({ where: { applicationId: a.appId, kind: "refresh_token_reuse" } }), 0);

  const other = await firstRefreshToken(a);
  const refused = await post("/oauth/revoke", b, { token: other });
  assert.equal(refused.status, 400);
  assert.deepEqual(json(refused), { error: "invalid_request", error_description: "the token was not issued to this client" });
  assert.equal((await refresh(a, other)).status, 200, "still valid for its client");
  // Unknown tokens: 200 (§2.2).
  assert.equal((await post("/oauth/revoke", a, { token: "krt_AAAA" })).status, 200);
});

test("purge deletes uses and families past their expiry, nothing else", async () => {
  const a = await register({ refresh: true });
  const past = new Date(Date.now() - 60_000);
  const future = new Date(Date.now() + 3_600_000);
  await t.prisma.refreshTokenUse.createMany({ data: [{ digest: "purge-old", familyId: "pf", expiresAt: past }, { digest: "purge-live", familyId: "pf", expiresAt: future }] });
  await t.prisma.refreshTokenFamily.createMany({
    data: [
      { id: "purge-old-family", applicationId: a.appId, revokedAt: past, revokedReason: "reuse", expiresAt: past },
      { id: "purge-live-family", applicationId: a.appId, revokedAt: past, revokedReason: "reuse", expiresAt: future },
    ],
  });
  await purgeRefreshTokens(t.db);
  assert.deepEqual((await t.prisma.refreshTokenUse.findMany({ where: { familyId: "pf" } })).map((u) => u.digest), ["purge-live"]);
  assert.deepEqual((await t.prisma.refreshTokenFamily.findMany({ where: { id: { startsWith: "purge-" } } })).map((f) => f.id), ["purge-live-family"]);
});

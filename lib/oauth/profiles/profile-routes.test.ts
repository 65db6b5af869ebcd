// The profiles mounted on a real OAuth server (createOAuthServer, real migrated database): each
// path runs the shared pipeline with its own reading and dialect, its tokens carry the profile's
// claims, its events name the profile, and /oauth/token is exactly what it was without profiles.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../../test-support/migrated-test-database";
import { createTestOAuthServices } from "../../test-support/test-oauth-services";
import { registerApp } from "../../apps/register-app";
import { cliActor } from "../../audit/actor";
import type { KeyportEventMap } from "../../events/events";
import type { OAuthServices } from "../oauth-services";
import { createOAuthServer } from "../oauth-server";
import type { OAuthRequest, OAuthResponse } from "../oauth-http";
import { PROFILES } from "./index";

let t: MigratedTestDatabase;
let services: OAuthServices;
let app: { clientId: string; clientSecret: string };

before(async () => {
  t = await createMigratedTestDatabase("kp_unit_profiles");
  services = await createTestOAuthServices(t);
  const r = await registerApp(t.prisma, { name: "Profiles test", ownerEmail: "o@example.com", scopes: ["application.client", "domain.manage"] }, cliActor(), {
    pepper: t.config.secret,
    defaultTokenLifetime: 600,
    preApproved: true,
  });
  app = { clientId: r.app.clientId, clientSecret: r.clientSecret };
});
after(async () => t?.drop());

function post(body: string, contentType: string): OAuthRequest {
  return { method: "POST", header: (n) => (n === "content-type" ? contentType : undefined), body, bodyTooLarge: false, remoteAddress: "192.0.2.9" };
}
const postJson = (v: unknown) => post(JSON.stringify(v), "application/json");
const postForm = (v: Record<string, string>) => post(new URLSearchParams(v).toString(), "application/x-www-form-urlencoded");
const json = (r: OAuthResponse) => JSON.parse(r.body) as Record<string, unknown>;

test("KEYPORT_PROFILES decides what is mounted: none by default, each named one at its path", () => {
  assert.deepEqual(services.config.KEYPORT_PROFILES, []);
  const bare = createOAuthServer(services);
  for (const p of Object.values(PROFILES)) assert.equal(bare.routes.has(p.path), false);
  assert.deepEqual(bare.profiles, []);
  const all = createOAuthServer(services, { profiles: Object.values(PROFILES) });
  for (const p of Object.values(PROFILES)) assert.ok(all.routes.has(p.path), p.path);
  assert.equal(all.routes.size, bare.routes.size + 3);
  assert.throws(() => createOAuthServer(services, { profiles: [PROFILES.ciam, PROFILES.ciam] }), /path \/ciam-mfa\/v2\/get\/token is taken/);
});

test("ciam: the alias grant, the exact body, aud = client_id, authorization_details: [], RFC 9068 claims intact", async () => {
  const s = createOAuthServer(services, { profiles: [PROFILES.ciam] });
  const ciam = s.routes.get("/ciam-mfa/v2/get/token")!;
  const issued: Array<KeyportEventMap["token.issued"]> = [];
  const off = services.events.on("token.issued", (e) => issued.push(e));
  try {
    const r = await ciam(postJson({ grant_type: "client_credential", client_id: app.clientId, client_secret: app.clientSecret, scope: "application.client" }));
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(Object.keys(json(r)), ["access_token", "token_type", "expires_in"]);
    assert.equal(json(r).token_type, "Bearer");
    assert.equal(json(r).expires_in, 600);
    const claims = decodeJwt(json(r).access_token as string);
    assert.equal(claims.aud, app.clientId);
    assert.deepEqual(claims.authorization_details, []);
    assert.equal(claims.iss, services.config.publicOrigin);
    assert.equal(claims.sub, app.clientId);
    assert.equal(claims.client_id, app.clientId);
    assert.equal(claims.scope, "application.client");
    assert.equal(claims.exp! - claims.iat!, 600);
    assert.equal(typeof claims.jti, "string");
    assert.equal(issued.at(-1)?.profile, "ciam");
    assert.equal(issued.at(-1)?.grantType, "client_credentials");

    // An audience asked for is the aud, as on /oauth/token.
    const aud = await ciam(postForm({ grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret, audience: "urn:keyport:api" }));
    assert.equal(aud.status, 200, aud.body);
    assert.equal(decodeJwt(json(aud).access_token as string).aud, "urn:keyport:api");

    // /oauth/token of the same server: unchanged (default audience, no extra claim, RFC body).
    const std = await s.routes.get("/oauth/token")!(postForm({ grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret }));
    assert.equal(std.status, 200, std.body);
    assert.deepEqual(Object.keys(json(std)), ["access_token", "token_type", "expires_in", "scope"]);
    const stdClaims = decodeJwt(json(std).access_token as string);
    assert.equal(stdClaims.aud, "urn:keyport:api");
    assert.equal("authorization_details" in stdClaims, false);
    assert.equal(issued.at(-1)?.profile, "rfc6749");
    // The alias exists on the ciam path only.
    const alias = await s.routes.get("/oauth/token")!(postForm({ grant_type: "client_credential", client_id: app.clientId, client_secret: app.clientSecret }));
    assert.equal(alias.status, 400);
    assert.equal(json(alias).error, "unsupported_grant_type");
  } finally {
    off();
  }
});

test("vision10: scope all, a refused scope is 401 240101, errors name the profile in their events", async () => {
  const s = createOAuthServer(services, { profiles: [PROFILES.vision10] });
  const v10 = s.routes.get("/v1/api/oauth/token")!;
  const errors: Array<KeyportEventMap["oauth.error"]> = [];
  const off = services.events.on("oauth.error", (e) => errors.push(e));
  try {
    const r = await v10(postJson({ grant_type: "client_credentials", scope: "all", client_id: app.clientId, client_secret: app.clientSecret }));
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(Object.keys(json(r)), ["access_token", "token_type", "expires_in"]);
    assert.equal(decodeJwt(json(r).access_token as string).scope, "application.client domain.manage");
    const bad = await v10(postJson({ grant_type: "client_credentials", scope: "nope.scope", client_id: app.clientId, client_secret: app.clientSecret }));
    assert.equal(bad.status, 401);
    assert.equal((JSON.parse(bad.body) as Array<Record<string, unknown>>)[0]!.errorCode, "240101");
    assert.deepEqual(errors.at(-1) && { error: errors.at(-1)!.error, status: errors.at(-1)!.status, profile: errors.at(-1)!.profile }, {
      error: "invalid_scope",
      status: 401,
      profile: "vision10",
    });
  } finally {
    off();
  }
});

test("access-analyzer: refresh_token is a grant of this path only when registered; others are unsupported", async () => {
  const s = createOAuthServer(services, { profiles: [PROFILES["access-analyzer"], PROFILES.ciam] });
  const aa = s.routes.get("/token")!;
  const r = await aa(postForm({ grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret }));
  assert.equal(r.status, 200, r.body);
  assert.equal(r.headers["Cache-Control"], "no-store");
  assert.equal(r.headers.Pragma, "no-cache");
  assert.deepEqual(Object.keys(json(r)), ["access_token", "token_type", "expires_in", "scope"]);
  assert.equal(json(r).token_type, "bearer");
  // ciam takes client credentials only, whatever the registry holds.
  const ciamRefresh = await s.routes.get("/ciam-mfa/v2/get/token")!(postForm({ grant_type: "refresh_token", refresh_token: "x", client_id: app.clientId, client_secret: app.clientSecret }));
  assert.equal(ciamRefresh.status, 400);
  assert.equal(json(ciamRefresh).error, "unsupported_grant_type");
  // On /token it reaches the refresh grant when that is registered (lib/oauth/grants).
  const aaRefresh = await aa(postForm({ grant_type: "refresh_token", refresh_token: "not-a-token", client_id: app.clientId, client_secret: app.clientSecret }));
  if (s.grants.has("refresh_token")) {
    assert.notEqual(json(aaRefresh).error, "unsupported_grant_type", aaRefresh.body);
  } else {
    assert.equal(json(aaRefresh).error, "unsupported_grant_type");
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkGrantType, resolveAudience, resolveScope } from "./token-request-rules";
import { OAuthError } from "./errors";
import type { CachedClient } from "../cache/client-cache";
import type { Params } from "./read-params";

const client: CachedClient = {
  appId: "app1",
  clientId: "kp_x",
  status: "active",
  scopes: new Set(["application.client", "domain.manage"]),
  defaultScope: "application.client domain.manage",
  audiences: ["urn:keyport:api", "https://billing.example/"],
  grantTypes: new Set(["client_credentials"]),
  tokenLifetime: 3600,
  secrets: [],
  authMethod: "client_secret",
  jwksUri: null,
  requireDpop: false,
  keys: [],
  refreshTokens: false,
  refreshTokenLifetime: 86_400,
  teamId: "team_0123456789abcdef01234567",
  teamSlug: "payments",
  orgClaims: { org_id: "team_0123456789abcdef01234567", org_name: "Payments" },
};
const params = (values: Record<string, string>, resources: string[] = []): Params => ({ get: (n) => values[n], has: (n) => n in values, resources });
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof OAuthError);
    return e.error;
  }
  return "ok";
};

test("grant type: missing → invalid_request, unknown → unsupported_grant_type, not allowed → unauthorized_client", () => {
  assert.equal(code(() => checkGrantType(params({}), client)), "invalid_request");
  assert.equal(code(() => checkGrantType(params({ grant_type: "password" }), client)), "unsupported_grant_type");
  assert.equal(code(() => checkGrantType(params({ grant_type: "client_credentials" }), { ...client, grantTypes: new Set() })), "unauthorized_client");
  assert.equal(code(() => checkGrantType(params({ grant_type: "client_credentials" }), client)), "ok");
});

test("scope: omitted → all allowed; a subset is kept in request order, deduplicated; anything else invalid_scope", () => {
  assert.equal(resolveScope(undefined, client), "application.client domain.manage");
  assert.equal(resolveScope("domain.manage  application.client domain.manage", client), "domain.manage application.client");
  assert.equal(code(() => resolveScope("application.client admin", client)), "invalid_scope");
  assert.equal(code(() => resolveScope('bad"scope', client)), "invalid_scope");
});

test("audience/resource: omitted → default; must be allowed; resource must be an absolute URI without fragment", () => {
  assert.equal(resolveAudience(params({}), client), "urn:keyport:api");
  assert.equal(resolveAudience(params({ audience: "https://billing.example/" }), client), "https://billing.example/");
  assert.equal(resolveAudience(params({}, ["https://billing.example/"]), client), "https://billing.example/");
  assert.deepEqual(resolveAudience(params({ audience: "urn:keyport:api" }, ["https://billing.example/"]), client), ["https://billing.example/", "urn:keyport:api"]);
  assert.equal(code(() => resolveAudience(params({ audience: "https://other.example/" }), client)), "invalid_target");
  assert.equal(code(() => resolveAudience(params({}, ["relative/path"]), client)), "invalid_target");
  assert.equal(code(() => resolveAudience(params({}, ["https://billing.example/#frag"]), client)), "invalid_target");
});

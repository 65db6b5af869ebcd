// The refresh grant's rules that need no database: scope and audience only narrow (RFC 6749 §6,
// RFC 8707 §2.2) and never exceed what the client holds now; the refresh_token grant follows the
// application's flag.
import { test } from "node:test";
import assert from "node:assert/strict";
import { narrowRefreshAudience, narrowRefreshGrant, narrowRefreshScope } from "./narrow-refresh-grant";
import { effectiveGrantTypes } from "./effective-grant-types";
import { OAuthError } from "../errors";
import type { Params } from "../read-params";

const client = {
  scopes: new Set(["application.client", "domain.manage", "reports.read"]),
  audiences: ["urn:keyport:api", "https://billing.example/", "https://reports.example/"] as readonly string[],
};
const params = (values: Record<string, string>, resources: string[] = []): Params => ({ get: (n) => values[n], has: (n) => n in values, resources });
const error = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof OAuthError, String(e));
    return `${e.error}: ${e.description}`;
  }
  return "ok";
};

test("scope: omitted or empty → the grant's scope", () => {
  assert.equal(narrowRefreshScope(undefined, "application.client domain.manage", client), "application.client domain.manage");
  assert.equal(narrowRefreshScope("  ", "application.client domain.manage", client), "application.client domain.manage");
});

test("scope: a subset narrows, repeats collapse, order follows the request", () => {
  assert.equal(narrowRefreshScope("domain.manage", "application.client domain.manage", client), "domain.manage");
  assert.equal(narrowRefreshScope("domain.manage application.client domain.manage", "application.client domain.manage", client), "domain.manage application.client");
});

test("scope: anything beyond the grant is invalid_scope, even a scope the client holds", () => {
  assert.equal(error(() => narrowRefreshScope("reports.read", "application.client", client)), "invalid_scope: scope exceeds the refresh token's grant: reports.read");
  assert.equal(error(() => narrowRefreshScope("application.client admin", "application.client", client)), "invalid_scope: scope exceeds the refresh token's grant: admin");
  assert.equal(error(() => narrowRefreshScope('bad"scope', "application.client", client)), "invalid_scope: scope is malformed");
});

test("scope: what the client no longer holds is dropped when omitted, invalid_scope when asked for", () => {
  const shrunk = { scopes: new Set(["application.client"]) };
  assert.equal(narrowRefreshScope(undefined, "application.client domain.manage", shrunk), "application.client");
  assert.equal(error(() => narrowRefreshScope("domain.manage", "application.client domain.manage", shrunk)), "invalid_scope: scope not allowed for this client: domain.manage");
});

test("audience: omitted → the grant's audience; resource or audience may narrow a multi-audience grant", () => {
  const granted = ["urn:keyport:api", "https://billing.example/"];
  assert.deepEqual(narrowRefreshAudience(params({}), granted, client), granted);
  assert.equal(narrowRefreshAudience(params({}), "urn:keyport:api", client), "urn:keyport:api");
  assert.equal(narrowRefreshAudience(params({}, ["https://billing.example/"]), granted, client), "https://billing.example/");
  assert.equal(narrowRefreshAudience(params({ audience: "urn:keyport:api" }), granted, client), "urn:keyport:api");
  assert.deepEqual(narrowRefreshAudience(params({ audience: "urn:keyport:api" }, ["https://billing.example/", "urn:keyport:api"]), granted, client), ["https://billing.example/", "urn:keyport:api"]);
});

test("audience: beyond the grant or malformed is invalid_target", () => {
  assert.equal(error(() => narrowRefreshAudience(params({}, ["https://reports.example/"]), "urn:keyport:api", client)), "invalid_target: audience exceeds the refresh token's grant: https://reports.example/");
  assert.equal(error(() => narrowRefreshAudience(params({}, ["not a uri"]), "urn:keyport:api", client)), "invalid_target: resource must be an absolute URI without a fragment");
  assert.equal(error(() => narrowRefreshAudience(params({}, ["https://billing.example/#x"]), "urn:keyport:api", client)), "invalid_target: resource must be an absolute URI without a fragment");
});

test("audience: one the client lost is dropped when omitted; none left is invalid_grant; asked for, invalid_target", () => {
  const lost = { audiences: ["urn:keyport:api"] as readonly string[] };
  assert.equal(narrowRefreshAudience(params({}), ["urn:keyport:api", "https://billing.example/"], lost), "urn:keyport:api");
  assert.equal(error(() => narrowRefreshAudience(params({}), "https://billing.example/", lost)), "invalid_grant: the refresh token's audience is no longer allowed for this client");
  assert.equal(error(() => narrowRefreshAudience(params({ audience: "https://billing.example/" }), ["urn:keyport:api", "https://billing.example/"], lost)), "invalid_target: audience not allowed for this client: https://billing.example/");
});

test("audience: a vendor path's default audience counts as held there", () => {
  const none = { audiences: [] as readonly string[] };
  assert.equal(narrowRefreshAudience(params({}), "kp_client", none, "kp_client"), "kp_client");
  assert.equal(error(() => narrowRefreshAudience(params({}), "kp_client", none)), "invalid_grant: the refresh token's audience is no longer allowed for this client");
});

test("narrowRefreshGrant applies both", () => {
  assert.deepEqual(narrowRefreshGrant({ scope: "application.client domain.manage", aud: "urn:keyport:api" }, params({ scope: "domain.manage" }), client), {
    scope: "domain.manage",
    aud: "urn:keyport:api",
  });
});

test("the refresh_token grant follows the flag, whatever the grantTypes column says", () => {
  assert.deepEqual(effectiveGrantTypes(["client_credentials"], false), ["client_credentials"]);
  assert.deepEqual(effectiveGrantTypes(["client_credentials"], true), ["client_credentials", "refresh_token"]);
  assert.deepEqual(effectiveGrantTypes(["client_credentials", "refresh_token"], false), ["client_credentials"]);
  assert.deepEqual(effectiveGrantTypes(["refresh_token", "client_credentials"], true), ["client_credentials", "refresh_token"]);
});

// The ciam and access-analyzer profiles alone: request reading (the grant alias, content types),
// their success bodies and their error answers; and the registry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PROFILE_NAMES } from "../../config/env";
import { RFC6749_DIALECT } from "../dialects/rfc6749";
import { invalidClient, OAuthError } from "../errors";
import { tooManyFailedAuthentications } from "../authenticate-within-limits";
import type { OAuthRequest } from "../oauth-http";
import { ACCESS_ANALYZER_PROFILE } from "./access-analyzer";
import { CIAM_PROFILE } from "./ciam";
import { activeProfiles, PROFILES } from "./index";
import { resolveAudience } from "../token-request-rules";
import type { CachedClient } from "../../cache/client-cache";

function req(body: string, contentType: string | null, bodyTooLarge = false): OAuthRequest {
  return { method: "POST", header: (n) => (n === "content-type" ? (contentType ?? undefined) : undefined), body, bodyTooLarge, remoteAddress: "192.0.2.1" };
}
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

function rejects(fn: () => unknown, error: string, status: number, description?: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof OAuthError);
    assert.equal(e.error, error);
    assert.equal(e.status, status);
    if (description !== undefined) assert.equal(e.description, description);
    return true;
  });
}

test('ciam: "client_credential" is read as client_credentials; everything else as the RFC reading does', () => {
  const p = CIAM_PROFILE.readParams(req(JSON.stringify({ grant_type: "client_credential", client_id: "kp_a", client_secret: "s", scope: "a b" }), JSON_TYPE));
  assert.equal(p.get("grant_type"), "client_credentials");
  assert.equal(p.get("client_id"), "kp_a");
  assert.equal(p.get("scope"), "a b");
  assert.equal(p.has("client_secret"), true);
  const f = CIAM_PROFILE.readParams(req("grant_type=client_credential&resource=https%3A%2F%2Fapi.example", FORM));
  assert.equal(f.get("grant_type"), "client_credentials");
  assert.deepEqual(f.resources, ["https://api.example"]);
  // Anything else unchanged: the pipeline refuses it as it would on /oauth/token.
  assert.equal(CIAM_PROFILE.readParams(req(JSON.stringify({ grant_type: "client_credentialz" }), JSON_TYPE)).get("grant_type"), "client_credentialz");
  rejects(() => CIAM_PROFILE.readParams(req("x", "text/plain")), "invalid_request", 400);
  rejects(() => CIAM_PROFILE.readParams(req("{", JSON_TYPE)), "invalid_request", 400, "request body is not valid JSON");
  rejects(() => CIAM_PROFILE.readParams(req("", JSON_TYPE, true)), "invalid_request", 413);
});

test("ciam: success is exactly {access_token, token_type, expires_in}; errors are RFC 6749 §5.2; its claims", () => {
  const r = CIAM_PROFILE.dialect.tokenResponse({ access_token: "t", token_type: "Bearer", expires_in: 7199, scope: "a", refresh_token: "r" }, { "Cache-Control": "no-store", Pragma: "no-cache" });
  assert.equal(r.body, '{"access_token":"t","token_type":"Bearer","expires_in":7199}');
  assert.equal(r.headers.Pragma, "no-cache");
  const e = CIAM_PROFILE.dialect.errorResponse(invalidClient(), { "Cache-Control": "no-store" });
  assert.deepEqual(e, RFC6749_DIALECT.errorResponse(invalidClient(), { "Cache-Control": "no-store" }));
  assert.deepEqual(CIAM_PROFILE.grantTypes, ["client_credentials"]);
  assert.deepEqual(CIAM_PROFILE.claims?.extraClaims, { authorization_details: [] });
  assert.ok(Object.isFrozen(CIAM_PROFILE.claims?.extraClaims), "built once, never changed by a request");
});

test("access-analyzer: only a form body (the size cap first)", () => {
  const p = ACCESS_ANALYZER_PROFILE.readParams(req("grant_type=refresh_token&refresh_token=abc&scope=a", `${FORM}; charset=UTF-8`));
  assert.equal(p.get("grant_type"), "refresh_token");
  assert.equal(p.get("refresh_token"), "abc");
  rejects(() => ACCESS_ANALYZER_PROFILE.readParams(req('{"grant_type":"client_credentials"}', JSON_TYPE)), "invalid_request", 400, `content-type must be ${FORM}`);
  rejects(() => ACCESS_ANALYZER_PROFILE.readParams(req("grant_type=client_credentials", null)), "invalid_request", 400);
  rejects(() => ACCESS_ANALYZER_PROFILE.readParams(req("", JSON_TYPE, true)), "invalid_request", 413);
  rejects(() => ACCESS_ANALYZER_PROFILE.readParams(req("scope=a&scope=b", FORM)), "invalid_request", 400, "duplicate parameter: scope");
  assert.deepEqual(ACCESS_ANALYZER_PROFILE.grantTypes, ["client_credentials", "refresh_token"]);
});

test('access-analyzer: token_type "bearer", refresh_token only when issued, scope; a blocked client is 401', () => {
  const h = { "Cache-Control": "no-store", Pragma: "no-cache" };
  const without = ACCESS_ANALYZER_PROFILE.dialect.tokenResponse({ access_token: "t", token_type: "Bearer", expires_in: 3600, scope: "a b" }, h);
  assert.equal(without.body, '{"access_token":"t","token_type":"bearer","expires_in":3600,"scope":"a b"}');
  assert.deepEqual(without.headers, { "Content-Type": "application/json; charset=utf-8", ...h });
  const withRefresh = ACCESS_ANALYZER_PROFILE.dialect.tokenResponse({ access_token: "t", token_type: "Bearer", expires_in: 3600, scope: "a", refresh_token: "r" }, h);
  assert.equal(withRefresh.body, '{"access_token":"t","token_type":"bearer","expires_in":3600,"refresh_token":"r","scope":"a"}');
  // A DPoP-bound token keeps its type (RFC 9449 §5).
  assert.equal(JSON.parse(ACCESS_ANALYZER_PROFILE.dialect.tokenResponse({ access_token: "t", token_type: "DPoP", expires_in: 1, scope: "" }, h).body).token_type, "DPoP");

  const blocked = ACCESS_ANALYZER_PROFILE.dialect.errorResponse(tooManyFailedAuthentications(42), h);
  assert.equal(blocked.status, 401);
  assert.deepEqual(JSON.parse(blocked.body), { error: "invalid_client", error_description: "too many failed client authentications; retry in 42 s" });
  assert.equal(blocked.headers["Retry-After"], "42");
  assert.equal(blocked.headers["WWW-Authenticate"], 'Basic realm="keyport", charset="UTF-8"');
  const disabled = ACCESS_ANALYZER_PROFILE.dialect.errorResponse(invalidClient("the application is disabled"), h);
  assert.equal(disabled.status, 401);
  assert.deepEqual(JSON.parse(disabled.body), { error: "invalid_client", error_description: "the application is disabled" });
  const scope = ACCESS_ANALYZER_PROFILE.dialect.errorResponse(new OAuthError("invalid_scope", "nope"), h);
  assert.equal(scope.status, 400);
});

test("the registry: every configurable name has a profile with its own path and dialect name; KEYPORT_PROFILES order kept", () => {
  assert.deepEqual(Object.keys(PROFILES).sort(), [...PROFILE_NAMES].sort());
  const paths = new Set<string>();
  for (const [name, p] of Object.entries(PROFILES)) {
    assert.equal(p.name, name);
    assert.equal(p.dialect.name, name, "token events carry the profile's name");
    assert.equal(p.dialect.paths.token, p.path);
    assert.ok(!paths.has(p.path) && p.path !== "/oauth/token");
    paths.add(p.path);
    assert.ok(p.examples("https://id.example.com" + p.path).every((e) => e.code.includes("https://id.example.com" + p.path)));
  }
  assert.deepEqual(activeProfiles(["vision10", "ciam"]).map((p) => p.path), ["/v1/api/oauth/token", "/ciam-mfa/v2/get/token"]);
  assert.deepEqual(activeProfiles([]), []);
});

test("a profile's default audience applies only when the request names none (RFC 8707 §2)", () => {
  // resolveAudience reads only these two members of the client.
  const client = { clientId: "kp_c", audiences: ["urn:keyport:api", "https://billing.example/"] } as Pick<CachedClient, "clientId" | "audiences"> as CachedClient;
  const none = { get: () => undefined, has: () => false, resources: [] };
  const hook = CIAM_PROFILE.claims!.defaultAudience!;
  assert.equal(resolveAudience(none, client), "urn:keyport:api");
  assert.equal(resolveAudience(none, client, hook), "kp_c");
  const asked = { get: (n: string) => (n === "audience" ? "https://billing.example/" : undefined), has: (n: string) => n === "audience", resources: [] };
  assert.equal(resolveAudience(asked, client, hook), "https://billing.example/");
  assert.equal(resolveAudience({ ...none, resources: ["urn:keyport:api"] }, client, hook), "urn:keyport:api");
  rejects(() => resolveAudience({ ...none, resources: ["https://evil.example/"] }, client, hook), "invalid_target", 400);
});

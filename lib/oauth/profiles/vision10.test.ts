// The vision10 profile's request reading and dialect, alone: every refusal with its reason, the
// limits at and over their bound, scope "all", and the exact problem array for each error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { invalidClient, OAuthError, temporarilyUnavailable } from "../errors";
import { tooManyFailedAuthentications } from "../authenticate-within-limits";
import { USE_POST } from "../token-endpoint";
import type { OAuthRequest } from "../oauth-http";
import { readVision10Params, VISION10_DIALECT, VISION10_ERRORS, VISION10_PROFILE, Vision10RequestError, type Vision10Reason } from "./vision10";

/** `contentType` null: no Content-Type header at all. */
function req(body: string, contentType: string | null = "application/json", bodyTooLarge = false): OAuthRequest {
  return { method: "POST", header: (n) => (n === "content-type" ? (contentType ?? undefined) : undefined), body, bodyTooLarge, remoteAddress: "192.0.2.1" };
}

function refused(fn: () => unknown, reason: Vision10Reason, description?: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Vision10RequestError, String(e));
    assert.equal(e.reason, reason);
    assert.equal(e.status, VISION10_ERRORS[reason].status);
    if (description !== undefined) assert.equal(e.description, description);
    return true;
  });
}

const ok = { grant_type: "client_credentials", scope: "application.client", client_id: "kp_x", client_secret: "kps_y" };

test("reads exactly the four fields; unknown ones are ignored (RFC 6749 §3.2), empty and null ones omitted", () => {
  const p = readVision10Params(req(JSON.stringify({ ...ok, audience: "urn:other", resource: ["https://x.example"], extra: { a: 1 } })));
  assert.equal(p.get("grant_type"), "client_credentials");
  assert.equal(p.get("scope"), "application.client");
  assert.equal(p.get("client_id"), "kp_x");
  assert.equal(p.get("client_secret"), "kps_y");
  assert.equal(p.get("audience"), undefined);
  assert.equal(p.has("extra"), false);
  assert.deepEqual(p.resources, []);
  const q = readVision10Params(req(JSON.stringify({ ...ok, scope: "", client_secret: null })));
  assert.equal(q.has("scope"), false);
  assert.equal(q.has("client_secret"), false);
});

test('scope "all" means every scope the application holds (read as an omitted scope)', () => {
  assert.equal(readVision10Params(req(JSON.stringify({ ...ok, scope: "all" }))).has("scope"), false);
  assert.equal(readVision10Params(req(JSON.stringify({ ...ok, scope: "all application.client" }))).get("scope"), "all application.client");
});

test("length limits: grant_type, scope, client_id 50 characters, client_secret 100 — at the bound accepted, one over refused", () => {
  for (const [field, limit] of [["grant_type", 50], ["scope", 50], ["client_id", 50], ["client_secret", 100]] as const) {
    assert.equal(readVision10Params(req(JSON.stringify({ ...ok, [field]: "a".repeat(limit) }))).get(field), "a".repeat(limit));
    refused(() => readVision10Params(req(JSON.stringify({ ...ok, [field]: "a".repeat(limit + 1) }))), "too_long", `${field} must be at most ${limit} characters`);
  }
  // Characters, not UTF-16 code units: 50 astral characters are 100 units and still within 50.
  assert.equal(readVision10Params(req(JSON.stringify({ ...ok, scope: "😀".repeat(50) }))).get("scope"), "😀".repeat(50));
  refused(() => readVision10Params(req(JSON.stringify({ ...ok, scope: "😀".repeat(51) }))), "too_long");
});

test("malformed bodies, content types and size", () => {
  for (const body of ["{", "", "[]", "null", '"x"', "42"]) refused(() => readVision10Params(req(body)), "malformed_body", "Request body must be a JSON object");
  refused(() => readVision10Params(req(JSON.stringify({ ...ok, client_id: 7 }))), "malformed_body", "client_id must be a string");
  refused(() => readVision10Params(req(JSON.stringify({ ...ok, scope: ["a"] }))), "malformed_body", "scope must be a string");
  for (const type of [null, "application/x-www-form-urlencoded", "text/plain"]) {
    refused(() => readVision10Params(req("grant_type=client_credentials", type)), "unsupported_media_type");
  }
  assert.equal(readVision10Params(req(JSON.stringify(ok), "Application/JSON; charset=utf-8")).get("client_id"), "kp_x");
  refused(() => readVision10Params(req("", "application/json", true)), "too_large");
  // A prototype key is not a field.
  assert.equal(readVision10Params(req('{"__proto__":{"grant_type":"x"}}')).has("grant_type"), false);
});

const problemOf = (err: OAuthError) => {
  const r = VISION10_DIALECT.errorResponse(err, { "Cache-Control": "no-store", Pragma: "no-cache" });
  return { r, body: JSON.parse(r.body) as Array<Record<string, unknown>> };
};

test("bad credentials (and a refused scope): the issue's 401 body, byte for byte", () => {
  const expected =
    '[{"detail":"Please refer to invalid-params for error details","errorCode":"240101","instance":"/v1/api/oauth/token","invalid-params":["Invalid client credentials or scope"],"source":"AGT","status":401,"title":"Unauthorized"}]';
  for (const err of [invalidClient(), invalidClient("the application is disabled"), new OAuthError("invalid_scope", "scope not allowed for this client: x")]) {
    const r = VISION10_DIALECT.errorResponse(err, { "Cache-Control": "no-store" });
    assert.equal(r.status, 401);
    assert.equal(r.body, expected);
    assert.equal(r.headers["Content-Type"], "application/json; charset=utf-8");
    assert.equal(r.headers["Cache-Control"], "no-store");
    assert.equal(r.headers["WWW-Authenticate"], 'Basic realm="keyport", charset="UTF-8"');
  }
});

test("every other error: its status, title, errorCode and invalid-params entry, one problem in an array", () => {
  const cases: Array<[OAuthError, number, string, string, string]> = [
    [new Vision10RequestError("malformed_body", "Request body must be a JSON object"), 400, "Bad Request", "240001", "Request body must be a JSON object"],
    [new Vision10RequestError("too_long", "scope must be at most 50 characters"), 400, "Bad Request", "240002", "scope must be at most 50 characters"],
    [new OAuthError("invalid_request", "missing grant_type"), 400, "Bad Request", "240003", "missing grant_type"],
    [new OAuthError("unsupported_grant_type", "grant_type password is not supported"), 400, "Bad Request", "240004", "grant_type must be client_credentials"],
    [new OAuthError("unauthorized_client", "this client may not use grant_type client_credentials"), 400, "Bad Request", "240005", "this client may not use grant_type client_credentials"],
    [USE_POST(), 405, "Method Not Allowed", "240501", "Use POST"],
    [new Vision10RequestError("too_large", "request body too large"), 413, "Content Too Large", "241301", "Request body must be at most 8 KiB"],
    [new Vision10RequestError("unsupported_media_type", "Content-Type must be application/json"), 415, "Unsupported Media Type", "241501", "Content-Type must be application/json"],
    [tooManyFailedAuthentications(30), 429, "Too Many Requests", "242901", "too many failed client authentications; retry in 30 s"],
    [new OAuthError("server_error", undefined, 500), 500, "Internal Server Error", "250001", "Unexpected error; try again later"],
    [temporarilyUnavailable(), 503, "Service Unavailable", "250301", "the authorization server is temporarily unavailable; try again shortly"],
  ];
  for (const [err, status, title, errorCode, param] of cases) {
    const { r, body } = problemOf(err);
    assert.equal(r.status, status, errorCode);
    assert.deepEqual(body, [
      { detail: "Please refer to invalid-params for error details", errorCode, instance: "/v1/api/oauth/token", "invalid-params": [param], source: "AGT", status, title },
    ]);
    assert.equal(VISION10_ERRORS[Object.entries(VISION10_ERRORS).find(([, e]) => e.errorCode === errorCode)![0] as Vision10Reason].status, status);
  }
  assert.equal(problemOf(USE_POST()).r.headers.Allow, "POST");
  assert.equal(problemOf(tooManyFailedAuthentications(30)).r.headers["Retry-After"], "30");
  assert.equal(problemOf(temporarilyUnavailable()).r.headers["Retry-After"], "5");
  assert.equal(problemOf(new OAuthError("invalid_request", "x")).r.headers["WWW-Authenticate"], undefined);
});

test("success: exactly access_token, token_type, expires_in", () => {
  const r = VISION10_DIALECT.tokenResponse({ access_token: "t", token_type: "Bearer", expires_in: 60, scope: "a b", refresh_token: "r" }, { "Cache-Control": "no-store" });
  assert.equal(r.status, 200);
  assert.equal(r.body, '{"access_token":"t","token_type":"Bearer","expires_in":60}');
  assert.equal(r.headers["Cache-Control"], "no-store");
});

test("error codes are unique, follow 2<status><nn>, and the docs list every one", () => {
  const codes = Object.values(VISION10_ERRORS).map((e) => e.errorCode);
  assert.equal(new Set(codes).size, codes.length);
  for (const e of Object.values(VISION10_ERRORS)) assert.match(e.errorCode, new RegExp(`^2${e.status}\\d\\d$`));
  assert.deepEqual(VISION10_PROFILE.errors.map((e) => e.code), codes);
});

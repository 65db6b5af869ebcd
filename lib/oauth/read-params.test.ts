import { test } from "node:test";
import assert from "node:assert/strict";
import { readParams } from "./read-params";
import { OAuthError } from "./errors";
import type { OAuthRequest } from "./oauth-http";

function req(body: string, contentType?: string, bodyTooLarge = false): OAuthRequest {
  return {
    method: "POST",
    header: (n) => (n === "content-type" ? contentType : undefined),
    body,
    bodyTooLarge,
    remoteAddress: "127.0.0.1",
  };
}

function rejects(fn: () => unknown, error: string, status = 400, description?: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof OAuthError);
    assert.equal(e.error, error);
    assert.equal(e.status, status);
    if (description) assert.match(e.description ?? "", description);
    return true;
  });
}

test("form body: values are form-decoded, empty values are omitted (RFC 6749 §3.1)", () => {
  const p = readParams(req("grant_type=client_credentials&scope=a+b%20c&audience=", "application/x-www-form-urlencoded; charset=UTF-8"));
  assert.equal(p.get("grant_type"), "client_credentials");
  assert.equal(p.get("scope"), "a b c");
  assert.equal(p.has("audience"), false);
});

test("form body: a repeated parameter is invalid_request, except resource (RFC 8707 §2)", () => {
  rejects(() => readParams(req("grant_type=client_credentials&scope=a&scope=b", "application/x-www-form-urlencoded")), "invalid_request", 400, /duplicate parameter: scope/);
  const p = readParams(req("resource=https%3A%2F%2Fa.example&resource=https%3A%2F%2Fb.example", "application/x-www-form-urlencoded"));
  assert.deepEqual(p.resources, ["https://a.example", "https://b.example"]);
});

test("JSON body: strings accepted, audience arrays accepted, other types refused", () => {
  const p = readParams(req(JSON.stringify({ grant_type: "client_credentials", client_id: "x", audience: ["urn:a"] }), "application/json"));
  assert.equal(p.get("client_id"), "x");
  assert.equal(p.get("audience"), "urn:a");
  rejects(() => readParams(req(JSON.stringify({ grant_type: 1 }), "application/json")), "invalid_request", 400, /grant_type must be a string/);
  rejects(() => readParams(req("[1]", "application/json")), "invalid_request", 400, /JSON object/);
  rejects(() => readParams(req("{nope", "application/json")), "invalid_request", 400, /not valid JSON/);
});

test("other or missing content types are invalid_request; oversized bodies are 413", () => {
  rejects(() => readParams(req("grant_type=client_credentials", "text/plain")), "invalid_request");
  rejects(() => readParams(req("grant_type=client_credentials", undefined)), "invalid_request");
  rejects(() => readParams(req("", "application/x-www-form-urlencoded", true)), "invalid_request", 413);
});

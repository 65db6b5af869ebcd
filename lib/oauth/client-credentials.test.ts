import { test } from "node:test";
import assert from "node:assert/strict";
import { presentedCredentials } from "./client-credentials";
import { OAuthError } from "./errors";
import type { Params } from "./read-params";

function params(values: Record<string, string>): Params {
  return { get: (n) => values[n], has: (n) => n in values, resources: [] };
}
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

function fails(fn: () => unknown, error: string, status: number) {
  assert.throws(fn, (e: unknown) => e instanceof OAuthError && e.error === error && e.status === status);
}

test("HTTP Basic: id and secret are form-urlencoded before base64 (RFC 6749 §2.3.1)", () => {
  const c = presentedCredentials(basic("my%3Aclient", "p%C3%A4ss+word%25"), params({}));
  assert.deepEqual(c, { method: "client_secret_basic", clientId: "my:client", clientSecret: "päss word%" });
});

test("client_secret_post from the body", () => {
  const c = presentedCredentials(undefined, params({ client_id: "a", client_secret: "b" }));
  assert.deepEqual(c, { method: "client_secret_post", clientId: "a", clientSecret: "b" });
});

test("more than one method is invalid_request; a matching client_id beside Basic is fine", () => {
  fails(() => presentedCredentials(basic("a", "b"), params({ client_secret: "b" })), "invalid_request", 400);
  fails(() => presentedCredentials(basic("a", "b"), params({ client_id: "other" })), "invalid_request", 400);
  assert.equal(presentedCredentials(basic("a", "b"), params({ client_id: "a" })).clientId, "a");
});

test("no authentication, a client_id alone, another scheme or malformed Basic → 401 invalid_client with a challenge", () => {
  for (const [auth, body] of [
    [undefined, {}],
    [undefined, { client_id: "a" }],
    ["Bearer abc", {}],
    ["Basic !!!", {}],
    [`Basic ${Buffer.from("no-colon").toString("base64")}`, {}],
    [basic("a", "%E0%A4%A"), {}],
  ] as const) {
    assert.throws(
      () => presentedCredentials(auth, params(body)),
      (e: unknown) => e instanceof OAuthError && e.error === "invalid_client" && e.status === 401 && /^Basic /.test(e.headers["WWW-Authenticate"] ?? ""),
    );
  }
});

test("a client_id that cannot be one (control characters, NUL, over 128 characters) is invalid_client before anything else", () => {
  for (const id of ["a\u0000b", "\u0000", "x".repeat(129), "tab\t", "del\u007f", "c1\u0085"]) {
    for (const [auth, body] of [
      [undefined, { client_id: id, client_secret: "s" }],
      [basic(id, "s"), {}],
      // Beside valid Basic credentials, a malformed body client_id is still a failed authentication.
      [basic("a", "s"), { client_id: id }],
    ] as const) {
      assert.throws(
        () => presentedCredentials(auth, params(body)),
        (e: unknown) => e instanceof OAuthError && e.error === "invalid_client" && e.status === 401 && e.description === "malformed client_id",
        JSON.stringify([auth, body]),
      );
    }
  }
  // A lone surrogate (a JSON "\ud800" escape; Basic's UTF-8 cannot carry one).
  fails(() => presentedCredentials(undefined, params({ client_id: "lone\ud800", client_secret: "s" })), "invalid_client", 401);
  assert.equal(presentedCredentials(undefined, params({ client_id: "k".repeat(128), client_secret: "s" })).clientId.length, 128);
});

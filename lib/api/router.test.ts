// The automation API router: matching on raw segments, static before parameters, 405 with the
// allowed methods, and a route table that cannot be served or documented is refused at start.
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { createApiRouter } from "./router";
import { defineRoute, type ApiMethod, type ApiRoute } from "./api-route";

function route(method: ApiMethod, path: string, extra: Partial<ApiRoute> = {}): ApiRoute {
  const names = [...path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!);
  return defineRoute({
    method,
    path,
    operationId: `${method}${path}`,
    summary: "test",
    tags: ["t"],
    scope: "keyport:admin",
    params: names.length ? z.strictObject(Object.fromEntries(names.map((n) => [n, z.string()]))) : null,
    query: null,
    body: method === "GET" || method === "DELETE" ? null : z.strictObject({}),
    response: { status: 200, description: "ok", schema: z.object({}) },
    handler: async () => ({ body: {} }),
    ...extra,
  } as Parameters<typeof defineRoute>[0]);
}

const router = createApiRouter([
  route("GET", "/admin/scopes"),
  route("POST", "/admin/scopes"),
  route("PATCH", "/admin/scopes/{name}"),
  route("POST", "/admin/scopes/{name}/retire"),
  route("GET", "/admin/things/{id}"),
  route("GET", "/admin/things/latest"),
]);

test("matches static paths and method, HEAD as GET", () => {
  const m = router.match("GET", "/admin/scopes");
  assert.equal(m.kind, "found");
  assert.equal(m.kind === "found" && m.route.method, "GET");
  assert.equal(router.match("HEAD", "/admin/scopes").kind, "found");
  const post = router.match("POST", "/admin/scopes");
  assert.equal(post.kind === "found" && post.route.method, "POST");
});

test("path parameters are decoded per segment: an encoded slash stays inside the parameter", () => {
  const m = router.match("PATCH", "/admin/scopes/https%3A%2F%2Fapi.example.com%2Fv1");
  assert.equal(m.kind, "found");
  assert.deepEqual(m.kind === "found" && m.params, { name: "https://api.example.com/v1" });
  const retire = router.match("POST", "/admin/scopes/a.b/retire");
  assert.deepEqual(retire.kind === "found" && retire.params, { name: "a.b" });
});

test("a static segment wins over a parameter at the same place", () => {
  const latest = router.match("GET", "/admin/things/latest");
  assert.equal(latest.kind === "found" && latest.route.path, "/admin/things/latest");
  const other = router.match("GET", "/admin/things/42");
  assert.equal(other.kind === "found" && other.route.path, "/admin/things/{id}");
});

test("unknown paths, empty or malformed segments and trailing slashes are not found", () => {
  for (const p of ["/nope", "/admin", "/admin/scopes/", "/admin/scopes//retire", "/admin/scopes/%E0%A4%A/retire", "", "/"]) {
    assert.equal(router.match("GET", p).kind === "found", false, p);
    assert.notEqual(router.match("POST", p).kind, "found", p);
  }
  assert.equal(router.match("GET", "/nope").kind, "not-found");
});

test("a known path with another method is 405 with the allowed methods", () => {
  assert.deepEqual(router.match("DELETE", "/admin/scopes"), { kind: "method-not-allowed", allow: ["GET", "HEAD", "POST"] });
  assert.deepEqual(router.match("GET", "/admin/scopes/x"), { kind: "method-not-allowed", allow: ["PATCH"] });
});

test("the route table is checked when the router is built", () => {
  assert.throws(() => createApiRouter([route("GET", "/a"), route("GET", "/a", { operationId: "other" })]), /registered twice/);
  assert.throws(() => createApiRouter([route("GET", "/a/{x}"), route("GET", "/a/{y}", { operationId: "other" })]), /registered twice/);
  assert.throws(() => createApiRouter([route("GET", "/a"), route("GET", "/b", { operationId: "GET/a" })]), /operationId used twice/);
  assert.throws(() => createApiRouter([route("GET", "/a/{id}", { params: null })]), /differ from its params schema/);
  assert.throws(() => createApiRouter([route("GET", "/a", { params: z.strictObject({ id: z.string() }) })]), /differ from its params schema/);
  assert.throws(() => createApiRouter([route("POST", "/a", { body: null })]), /needs a body schema/);
  assert.throws(() => createApiRouter([route("GET", "/a", { body: z.strictObject({}) })]), /only POST, PATCH and PUT take a body/);
  assert.throws(() => createApiRouter([route("PATCH", "/a", { idempotent: true })]), /Idempotency-Key/);
  assert.throws(() => createApiRouter([route("GET", "/a/")]), /must start and not end/);
  assert.throws(() => createApiRouter([route("GET", "/A")]), /bad segment/);
});

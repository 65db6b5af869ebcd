// RFC 9457 problem details: the body shape, the mapping of whatever a handler throws, and that an
// unexpected error's message never reaches the client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { AppError } from "../errors/app-error";
import { DatabaseUnavailableError } from "../db/database-unavailable";
import { ApiProblem, pointerOf, problemResponse, problemSchema, toApiProblem, validationProblem } from "./problem";

test("a problem serializes as application/problem+json with type, title, status, detail", () => {
  const res = problemResponse(new ApiProblem("not-found", "No such scope", { headers: { "X-Test": "1" } }));
  assert.equal(res.status, 404);
  assert.equal(res.headers["Content-Type"], "application/problem+json");
  assert.equal(res.headers["Cache-Control"], "no-store");
  assert.equal(res.headers["X-Test"], "1");
  const body = JSON.parse(res.body);
  assert.deepEqual(body, { type: "urn:keyport:problem:not-found", title: "Not found", status: 404, detail: "No such scope" });
  problemSchema.parse(body);
});

test("zod errors become 422 with one entry per issue: JSON Pointers for the body, names for parameters", () => {
  const schema = z.strictObject({ name: z.string().min(3, "too short"), "a/b~c": z.number() });
  const r = schema.safeParse({ name: "x", "a/b~c": "nope", extra: 1 });
  assert.equal(r.success, false);
  const p = validationProblem(r.error!, "body");
  assert.equal(p.status, 422);
  const body = p.toJSON();
  assert.equal(body.type, "urn:keyport:problem:validation-failed");
  const pointers = body.errors!.map((e) => e.pointer).sort();
  assert.deepEqual(pointers, ["#/a~1b~0c", "#/extra", "#/name"]);
  assert.equal(body.errors!.find((e) => e.pointer === "#/extra")!.detail, "Unknown member");
  assert.equal(body.errors!.find((e) => e.pointer === "#/name")!.detail, "too short");

  const q = z.strictObject({ limit: z.coerce.number().int().max(5) }).safeParse({ limit: "9" });
  assert.deepEqual(validationProblem(q.error!, "query").toJSON().errors, [{ parameter: "limit", detail: q.error!.issues[0]!.message }]);
  assert.equal(pointerOf(["a", 0, "b"]), "#/a/0/b");
});

test("domain AppErrors map by code; their field names become the API's snake_case pointers", () => {
  const conflict = toApiProblem(new AppError("conflict", "That scope already exists", { name: ["exists"] }));
  assert.equal(conflict.status, 409);
  assert.deepEqual(conflict.toJSON().errors, [{ pointer: "#/name", detail: "exists" }]);
  const invalid = toApiProblem(new AppError("invalid_input", "bad", { requiresApproval: ["no"] }));
  assert.equal(invalid.status, 422);
  assert.deepEqual(invalid.toJSON().errors, [{ pointer: "#/requires_approval", detail: "no" }]);
  assert.equal(toApiProblem(new AppError("not_found", "Application not found")).status, 404);
  assert.equal(toApiProblem(new AppError("forbidden", "role")).status, 403);
  const zodError = toApiProblem(z.string().safeParse(1).error);
  assert.equal(zodError.status, 422);
  assert.equal(toApiProblem({ code: "P2002" }).status, 409);
});

test("a database outage is 503 with Retry-After; anything unexpected is a 500 that says nothing", () => {
  const down = toApiProblem(new DatabaseUnavailableError());
  assert.equal(down.status, 503);
  assert.equal(down.headers["Retry-After"], "5");
  const secret = "connection string postgres://user:hunter2@db";
  const original = process.stderr.write.bind(process.stderr);
  let logged = "";
  process.stderr.write = ((chunk: string) => ((logged += chunk), true)) as typeof process.stderr.write;
  let res;
  try {
    res = problemResponse(toApiProblem(new Error(secret)));
  } finally {
    process.stderr.write = original;
  }
  assert.equal(res.status, 500);
  assert.doesNotMatch(res.body, /hunter2|stack|Error/);
  assert.deepEqual(JSON.parse(res.body), { type: "urn:keyport:problem:server-error", title: "Internal server error", status: 500 });
  assert.match(logged, /unexpected error in the automation API/, "the detail is logged instead");
});

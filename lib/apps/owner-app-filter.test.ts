import { test } from "node:test";
import assert from "node:assert/strict";
import { appListQuery, ownerAppFilter } from "./owner-app-filter";

test("the search and status come from the URL, trimmed; unknown or oversized values are dropped", () => {
  assert.deepEqual(ownerAppFilter({ q: "  billing ", status: "pending" }), { q: "billing", status: "pending" });
  assert.deepEqual(ownerAppFilter({ q: "", status: "deleted" }), { q: undefined, status: undefined });
  assert.deepEqual(ownerAppFilter({ q: "x".repeat(201) }), { q: undefined, status: undefined });
  assert.deepEqual(ownerAppFilter({ q: ["kp_abc", "other"], status: ["active", "x"] }), { q: "kp_abc", status: "active" });
});

test("list links keep the filter and team, and leave empty parts out", () => {
  assert.equal(appListQuery({ team: "ops", q: "a b&c", status: "active", page: 2 }), "?team=ops&q=a+b%26c&status=active&page=2");
  assert.equal(appListQuery({ team: undefined, q: "", page: 3 }), "?page=3");
  assert.equal(appListQuery({}), "");
});

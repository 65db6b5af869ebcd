import { test } from "node:test";
import assert from "node:assert/strict";
import { pickDefaultScope } from "./pick-default-scope";

const catalog = [
  { name: "application.client", requiresApproval: false },
  { name: "domain.manage", requiresApproval: true },
];

test("the configured scope is pre-selected when owners may request it without approval", () => {
  assert.equal(pickDefaultScope(catalog, "application.client"), "application.client");
  assert.equal(pickDefaultScope(catalog, "  application.client "), "application.client");
});

test("nothing is pre-selected for a scope that needs approval, is not offered (retired, unknown) or is unset", () => {
  assert.equal(pickDefaultScope(catalog, "domain.manage"), null);
  assert.equal(pickDefaultScope(catalog, "reports.read"), null);
  assert.equal(pickDefaultScope(catalog, ""), null);
  assert.equal(pickDefaultScope([], "application.client"), null);
});

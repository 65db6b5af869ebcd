// Secret lifetimes: the app's policy over the deployment default, and how people write them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeSecretPolicy, effectiveSecretTtl, formatDuration, parseSecretTtlPolicy, secretTtlSchema, SECRET_NEVER_EXPIRES } from "./secret-lifetime";

test("the app's own policy overrides the deployment default; 0 means never", () => {
  assert.equal(effectiveSecretTtl(null, undefined), null);
  assert.equal(effectiveSecretTtl(null, 90 * 86_400), 90 * 86_400);
  assert.equal(effectiveSecretTtl(3 * 86_400, 90 * 86_400), 3 * 86_400);
  assert.equal(effectiveSecretTtl(SECRET_NEVER_EXPIRES, 90 * 86_400), null);
  assert.equal(effectiveSecretTtl(7200, null), 7200);
});

test("--secret-ttl and the admin form: 90d, 72h, seconds, none, default", () => {
  assert.equal(parseSecretTtlPolicy("90d"), 90 * 86_400);
  assert.equal(parseSecretTtlPolicy(" 72h "), 72 * 3600);
  assert.equal(parseSecretTtlPolicy("7200"), 7200);
  assert.equal(parseSecretTtlPolicy("none"), SECRET_NEVER_EXPIRES);
  assert.equal(parseSecretTtlPolicy("Never"), SECRET_NEVER_EXPIRES);
  assert.equal(parseSecretTtlPolicy("default"), null);
  assert.equal(parseSecretTtlPolicy(""), null);
  for (const bad of ["0", "-1d", "90 days", "1w", "abc", "1.5h"]) assert.equal(parseSecretTtlPolicy(bad), undefined, bad);
  assert.equal(secretTtlSchema.safeParse(59 * 60).success, false);
  assert.equal(secretTtlSchema.safeParse(6 * 365 * 86_400).success, false);
  assert.equal(secretTtlSchema.safeParse(3600).success, true);
  assert.equal(secretTtlSchema.safeParse(0).success, true);
  assert.equal(secretTtlSchema.safeParse(null).success, true);
});

test("durations and policies in words", () => {
  assert.equal(formatDuration(90 * 86_400), "90d");
  assert.equal(formatDuration(72 * 3600), "3d");
  assert.equal(formatDuration(36 * 3600), "36h");
  assert.equal(formatDuration(90), "90s");
  assert.equal(describeSecretPolicy(null, undefined), "New secrets do not expire.");
  assert.equal(describeSecretPolicy(null, 90 * 86_400), "New secrets expire 90 days after issue (deployment default).");
  assert.equal(describeSecretPolicy(3600, 90 * 86_400), "New secrets expire 1 hour after issue (this application's policy).");
  assert.equal(describeSecretPolicy(0, 90 * 86_400), "New secrets do not expire (this application's policy).");
});

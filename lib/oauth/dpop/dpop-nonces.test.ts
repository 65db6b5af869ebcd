import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { DpopNonces, DPOP_NONCE_PERIOD_SECONDS } from "./dpop-nonces";

const PERIOD_MS = DPOP_NONCE_PERIOD_SECONDS * 1000;

test("stateless: two instances with the same key hand out and accept the same nonces", () => {
  const key = crypto.randomBytes(32);
  const a = new DpopNonces(key);
  const b = new DpopNonces(key);
  const now = Date.now();
  assert.equal(a.current(now), b.current(now));
  assert.equal(b.isCurrent(a.current(now), now), true);
  assert.match(a.current(now), /^[A-Za-z0-9_-]{43}$/);
});

test("valid for the previous, current and next bucket only", () => {
  const n = new DpopNonces(crypto.randomBytes(32));
  const t0 = Math.floor(Date.now() / PERIOD_MS) * PERIOD_MS;
  const nonce = n.current(t0);
  assert.equal(n.isCurrent(nonce, t0), true);
  assert.equal(n.isCurrent(nonce, t0 + PERIOD_MS), true, "handed out just before a boundary");
  assert.equal(n.isCurrent(nonce, t0 - PERIOD_MS), true, "an instance whose clock runs a little behind");
  assert.equal(n.isCurrent(nonce, t0 + 2 * PERIOD_MS), false, "stale");
  assert.equal(n.isCurrent(nonce, t0 - 2 * PERIOD_MS), false);
  assert.notEqual(n.current(t0), n.current(t0 + PERIOD_MS), "a new bucket, a new nonce");
});

test("another deployment's nonce, or garbage, is refused", () => {
  const n = new DpopNonces(crypto.randomBytes(32));
  assert.equal(n.isCurrent(new DpopNonces(crypto.randomBytes(32)).current()), false);
  assert.equal(n.isCurrent(""), false);
  assert.equal(n.isCurrent("é".repeat(43)), false);
  assert.equal(n.isCurrent(n.current().slice(0, 42) + "!"), false);
});

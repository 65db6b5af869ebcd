import { test } from "node:test";
import assert from "node:assert/strict";
import { RequestLogBuffer, isFailure, type IssuedEvent, type TokenErrorEvent } from "./request-log-buffer";

const issued = (appId: string, n = 0): IssuedEvent => ({
  clientId: `kp_${appId}`,
  appId,
  durationMs: 1,
  grantType: "client_credentials",
  authMethod: "client_secret_basic",
  scope: `s${n}`,
  ip: "127.0.0.1",
  profile: "rfc6749",
});
const failed = (appId: string): TokenErrorEvent => ({ endpoint: "token", error: "invalid_scope", status: 400, durationMs: 1, appId, ip: "127.0.0.1" });

test("keeps at most perAppPerWindow entries of one application per window and counts the rest", () => {
  const b = new RequestLogBuffer({ perAppPerWindow: 3, maxEntries: 100 });
  for (let i = 0; i < 10; i++) b.add("a", issued("a", i), 1000 + i);
  for (let i = 0; i < 2; i++) b.add("b", failed("b"), 2000 + i);
  assert.equal(b.size, 5);
  assert.equal(b.dropped, 7);
  const { batch, dropped } = b.take();
  assert.equal(dropped, 7);
  assert.deepEqual(batch.appIds, ["a", "a", "a", "b", "b"]);
  assert.deepEqual(batch.at, [1000, 1001, 1002, 2000, 2001]);
  // The sample is the first of the window: the earliest requests, in order.
  assert.deepEqual(batch.events.slice(0, 3).map((e) => e.scope), ["s0", "s1", "s2"]);
  assert.deepEqual(batch.events.map(isFailure), [false, false, false, true, true]);
  // A new window: the application gets a new sample, the drop count starts again.
  assert.equal(b.size, 0);
  assert.equal(b.dropped, 0);
  assert.equal(b.add("a", issued("a"), 3000), true);
});

test("never holds more than maxEntries, however many applications", () => {
  const b = new RequestLogBuffer({ perAppPerWindow: 5, maxEntries: 50 });
  for (let app = 0; app < 1000; app++) b.add(`app${app}`, issued(`app${app}`), app);
  assert.equal(b.size, 50);
  assert.equal(b.dropped, 950);
});

test("restore puts a failed batch back in front, bounded by maxEntries, and reports what did not fit", () => {
  const b = new RequestLogBuffer({ perAppPerWindow: 100, maxEntries: 10 });
  for (let i = 0; i < 8; i++) b.add("a", issued("a", i), i);
  const { batch } = b.take();
  // Meanwhile (the write failing) new requests arrive.
  for (let i = 8; i < 12; i++) b.add("a", issued("a", i), i);
  assert.equal(b.restore(batch), 2);
  assert.equal(b.size, 10);
  const again = b.take().batch;
  // Oldest first: the failed batch, then what arrived since, the newest beyond the cap dropped.
  assert.deepEqual(again.at, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(again.appIds.length, 10);
  assert.equal(again.events.length, 10);

  // An outage that never ends: take/restore cycles with steady traffic stay at the cap.
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 7; i++) b.add(`app${i}`, issued(`app${i}`), round);
    b.restore(b.take().batch);
    assert.ok(b.size <= 10);
  }
});

test("limits must be positive", () => {
  assert.throws(() => new RequestLogBuffer({ perAppPerWindow: 0, maxEntries: 10 }), RangeError);
  assert.throws(() => new RequestLogBuffer({ perAppPerWindow: 1, maxEntries: Number.NaN }), RangeError);
});

// When each expiry reminder of a secret is due, and which are skipped (pure; no database).
import { test } from "node:test";
import assert from "node:assert/strict";
import { planSecretReminders } from "./plan-secret-reminders";

const H = 3600;
const D = 86_400;
const OFFSETS = [7 * D, D, H];
const expiresAt = new Date("2027-01-31T12:00:00Z");
const createdAt = new Date("2026-11-02T12:00:00Z"); // 90 days before
const secret = { createdAt, expiresAt };
const before = (seconds: number) => new Date(expiresAt.getTime() - seconds * 1000);
const none = new Set<number>();

test("nothing is due before the first offset", () => {
  assert.deepEqual(planSecretReminders(secret, OFFSETS, none, before(7 * D + 1)), { send: null, skip: [] });
});

test("the clock walks 7d → 1d → 1h: each reminder once, in turn", () => {
  const claimed = new Set<number>();
  const walk: Array<number | null> = [];
  for (const at of [7 * D, 7 * D - 60, 2 * D, D, D - 1, H + 1, H, 60, 1]) {
    const plan = planSecretReminders(secret, OFFSETS, claimed, before(at));
    assert.deepEqual(plan.skip, [], `nothing skipped at ${at}`);
    walk.push(plan.send);
    if (plan.send !== null) claimed.add(plan.send);
  }
  assert.deepEqual(walk, [7 * D, null, null, D, null, null, H, null, null]);
});

test("a secret found late gets only the most imminent reminder; the older ones are skipped", () => {
  assert.deepEqual(planSecretReminders(secret, OFFSETS, none, before(30 * 60)), { send: H, skip: [D, 7 * D] });
  assert.deepEqual(planSecretReminders(secret, OFFSETS, none, before(2 * D)), { send: 7 * D, skip: [] });
  assert.deepEqual(planSecretReminders(secret, OFFSETS, new Set([7 * D]), before(12 * H)), { send: D, skip: [] });
  assert.deepEqual(planSecretReminders(secret, OFFSETS, none, before(12 * H)), { send: D, skip: [7 * D] });
});

test("nothing once the secret has expired", () => {
  assert.deepEqual(planSecretReminders(secret, OFFSETS, none, expiresAt), { send: null, skip: [] });
  assert.deepEqual(planSecretReminders(secret, OFFSETS, none, new Date(expiresAt.getTime() + 1)), { send: null, skip: [] });
});

test("a reminder whose moment came before the secret was issued is skipped, not sent", () => {
  // A 72-hour secret: the 7-day reminder was "due" from the start; the 1-day one is not yet.
  const short = { createdAt: before(72 * H), expiresAt };
  assert.deepEqual(planSecretReminders(short, OFFSETS, none, before(72 * H)), { send: null, skip: [7 * D] });
  assert.deepEqual(planSecretReminders(short, OFFSETS, new Set([7 * D]), before(D)), { send: D, skip: [] });
  // Issued with 30 minutes left: no reminder at all, every due one recorded as skipped.
  const tiny = { createdAt: before(30 * 60), expiresAt };
  assert.deepEqual(planSecretReminders(tiny, OFFSETS, none, before(30 * 60)), { send: null, skip: [H, D, 7 * D] });
});

test("if the most imminent due reminder was already claimed, an older unclaimed one is only recorded", () => {
  // E.g. KEYPORT_SECRET_REMINDERS gained "7d" after the 1-day reminder went out.
  assert.deepEqual(planSecretReminders(secret, OFFSETS, new Set([D]), before(12 * H)), { send: null, skip: [7 * D] });
  assert.deepEqual(planSecretReminders(secret, OFFSETS, new Set([D, 7 * D]), before(12 * H)), { send: null, skip: [] });
});

test("offsets in any order, repeated or not positive, are handled", () => {
  assert.deepEqual(planSecretReminders(secret, [H, 7 * D, H, 0, -5, D], none, before(30 * 60)), { send: H, skip: [D, 7 * D] });
});

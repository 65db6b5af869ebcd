import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { claimOnce, purgeUsedJtis, replayKey } from "./claim-once";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_replay");
});
after(async () => t?.drop());

test("an identifier is claimed once until it expires", async () => {
  const key = replayKey("client_assertion", "kp_a", "jti-1");
  const later = new Date(Date.now() + 60_000);
  assert.equal(await claimOnce(t.db, key, later), true);
  assert.equal(await claimOnce(t.db, key, later), false);
  // Another client's identical jti is its own.
  assert.equal(await claimOnce(t.db, replayKey("client_assertion", "kp_b", "jti-1"), later), true);
  assert.equal(await claimOnce(t.db, replayKey("dpop_proof", "kp_a", "jti-1"), later), true);
});

test("concurrent claims of one identifier: exactly one wins", async () => {
  const key = replayKey("dpop_proof", "thumb", "race");
  const results = await Promise.all(Array.from({ length: 20 }, () => claimOnce(t.db, key, new Date(Date.now() + 60_000))));
  assert.equal(results.filter(Boolean).length, 1);
});

test("an expired identifier may be claimed again, and the purge deletes expired rows", async () => {
  const key = replayKey("client_assertion", "kp_c", "old");
  assert.equal(await claimOnce(t.db, key, new Date(Date.now() - 1000)), true);
  assert.equal(await claimOnce(t.db, key, new Date(Date.now() + 60_000)), true);
  await claimOnce(t.db, replayKey("client_assertion", "kp_c", "gone"), new Date(Date.now() - 1000));
  await purgeUsedJtis(t.db);
  const rows = await t.db.query<{ key: string }>(`SELECT "key" FROM "UsedJti" WHERE "key" LIKE 'client_assertion:kp_c:%'`);
  assert.deepEqual(rows.map((r) => r.key), [key]);
});

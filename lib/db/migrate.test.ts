import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { migrate, MigrationError, pendingMigrations, readMigrations } from "./migrate";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_migrate");
});
after(async () => t?.drop());

test("migrations are recorded in _prisma_migrations as Prisma does, and applying again is a no-op", async () => {
  const all = readMigrations();
  const rows = await t.db.query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
    `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
  );
  assert.deepEqual(rows.map((r) => r.migration_name), all.map((m) => m.name));
  assert.deepEqual(rows.map((r) => r.checksum), all.map((m) => m.checksum));
  assert.deepEqual(await migrate(t.db), []);
  assert.deepEqual(await pendingMigrations(t.db), []);
});

test("concurrent start-ups do not race (advisory lock)", async () => {
  const results = await Promise.all([migrate(t.db), migrate(t.db), migrate(t.db)]);
  assert.deepEqual(results, [[], [], []]);
});

test("a failing migration is rolled back, recorded, and stops start-up with a clear message", async () => {
  const bad = [...readMigrations(), { name: "99999999999999_broken", sql: `CREATE TABLE "Half" (id int); SELECT * FROM no_such_table;`, checksum: "x" }];
  await assert.rejects(migrate(t.db, bad), (e: unknown) => e instanceof MigrationError && /99999999999999_broken failed and was rolled back/.test(e.message));
  const half = await t.db.query(`SELECT to_regclass('"Half"') AS t`);
  assert.equal((half[0] as { t: unknown }).t, null, "nothing half-applied");
  const logged = await t.db.query<{ logs: string; rolled_back_at: Date | null }>(`SELECT logs, rolled_back_at FROM "_prisma_migrations" WHERE migration_name = '99999999999999_broken'`);
  assert.match(logged[0]!.logs, /no_such_table/);
  assert.ok(logged[0]!.rolled_back_at);
});

test("a database newer than this Keyport is refused", async () => {
  await t.db.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ('future', 'x', '99999999999999_future', now(), 1)`);
  await assert.rejects(migrate(t.db), /Upgrade Keyport/);
  await t.db.query(`DELETE FROM "_prisma_migrations" WHERE id = 'future'`);
});

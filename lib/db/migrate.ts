// Applies prisma/migrations (Prisma's folder format) at start-up and records them in
// `_prisma_migrations` exactly as `prisma migrate deploy` does. We apply them ourselves because
// `prisma migrate deploy` through a driver adapter is broken upstream (see docs/architecture.md).
// A PostgreSQL advisory lock serialises instances that start together.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import type { Database, SqlSession } from "./database";
import { log } from "../log";

/** Arbitrary constant: "keyport" in ASCII, as a bigint advisory-lock key. */
const MIGRATION_LOCK_KEY = "7021802323059995252";

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function defaultMigrationsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.KEYPORT_MIGRATIONS_DIR ?? path.join(process.cwd(), "prisma", "migrations"));
}

export function readMigrations(dir = defaultMigrationsDir()): Migration[] {
  if (!fs.existsSync(dir)) throw new MigrationError(`migrations folder not found: ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function applyPending(s: SqlSession, migrations: Migration[]): Promise<string[]> {
  await s.exec(CREATE_TABLE);
  const rows = await s.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
  );
  const applied = new Map<string, AppliedRow>();
  for (const r of rows) {
    if (r.rolled_back_at) continue;
    if (!r.finished_at) {
      throw new MigrationError(
        `migration ${r.migration_name} started but never finished. Inspect the database, then mark it ` +
          `rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${r.migration_name}').`,
      );
    }
    applied.set(r.migration_name, r);
  }
  const known = new Set(migrations.map((m) => m.name));
  for (const name of applied.keys()) {
    if (!known.has(name)) {
      throw new MigrationError(
        `the database has migration ${name}, which this Keyport does not know: it is older than the database. Upgrade Keyport.`,
      );
    }
  }
  const done: string[] = [];
  for (const m of migrations) {
    const prior = applied.get(m.name);
    if (prior) {
      if (prior.checksum !== m.checksum) {
        log.warn("an applied migration was modified after it was applied", { migration: m.name });
      }
      continue;
    }
    const id = crypto.randomUUID();
    await s.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
      [id, m.checksum, m.name],
    );
    try {
      // PostgreSQL DDL is transactional: a failing migration leaves nothing half-applied.
      await s.exec(`BEGIN;\n${m.sql}\n;COMMIT;`);
    } catch (err) {
      await s.exec("ROLLBACK").catch(() => {});
      const message = err instanceof Error ? err.message : String(err);
      await s.query(`UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1`, [id, message]);
      throw new MigrationError(`migration ${m.name} failed and was rolled back: ${message}`);
    }
    await s.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    done.push(m.name);
  }
  return done;
}

/**
 * Migrations may rebuild indexes on large tables and wait for another instance's migrations (the
 * advisory lock): longer than the usual statement timeout, but never unbounded.
 */
const MIGRATION_TIMEOUT_MS = 15 * 60_000;

/** Apply every pending migration; returns the names applied now. */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.withSession(async (s) => {
    if (db.kind === "postgres") await s.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      const done = await applyPending(s, migrations);
      if (done.length) log.info("migrations applied", { migrations: done });
      return done;
    } finally {
      if (db.kind === "postgres") await s.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => {});
    }
  }, { timeoutMs: MIGRATION_TIMEOUT_MS });
}

/** For /api/ready: is every known migration applied? */
export async function pendingMigrations(db: Database, migrations = readMigrations()): Promise<string[]> {
  const rows = await db.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  return migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
}

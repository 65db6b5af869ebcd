// A fresh, real PostgreSQL database per test file: created on 127.0.0.1:5432, migrated with
// Keyport's own migrator, dropped afterwards. No database mocks: the queries under test run on
// the same engine, indexes and triggers as production.
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { PrismaClient } from "../generated/prisma/client";
import { parseConfig, type KeyportConfig } from "../config/env";
import { openDatabase, type Database } from "../db/database";
import { migrate } from "../db/migrate";

const ADMIN_URL = process.env.KEYPORT_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  name: string;
  config: KeyportConfig;
  db: Database;
  prisma: PrismaClient;
  /** Close the connections and drop the database. */
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Create and migrate `kp_<prefix>_<random>`; the prefix keeps parallel helpers' databases apart. */
export async function createTestDatabase(prefix = "admin"): Promise<TestDatabase> {
  const name = `kp_${prefix}_${crypto.randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const config = parseConfig({
    DATABASE_URL: url.toString(),
    KEYPORT_SECRET: crypto.randomBytes(32).toString("base64url"),
    KEYPORT_DATA_DIR: path.join(os.tmpdir(), name),
    KEYPORT_LOG_LEVEL: "warn",
  } as unknown as NodeJS.ProcessEnv);
  const db = await openDatabase(config);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => {});
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    throw err;
  }
  return {
    name,
    config,
    db,
    prisma: db.prisma,
    async drop() {
      await db.close().catch(() => {});
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

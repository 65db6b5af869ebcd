// A migrated database for lib/ tests: a fresh PostgreSQL database when TEST_DATABASE_URL is set
// (CI sets it), otherwise embedded PGlite in a temporary folder. Real either way.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { parseConfig, type KeyportConfig } from "../config/env";
import { openDatabase, type Database } from "../db/database";
import { migrate } from "../db/migrate";
import { seedDefaultAudience } from "../catalog/seed-default-audience";

export interface TestDb {
  db: Database;
  config: KeyportConfig;
  close(): Promise<void>;
}

const SECRET = "unit-test-secret-unit-test-secret-0123456789";

async function admin(url: string, sql: string): Promise<void> {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "[::1]"].includes(host)) throw new Error(`refusing a non-local test database (${host})`);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function openTestDb(prefix = "kp_unit"): Promise<TestDb> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  let config: KeyportConfig;
  let cleanup: () => Promise<void>;
  if (adminUrl) {
    const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
    await admin(adminUrl, `CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    config = parseConfig({ DATABASE_URL: url.href, KEYPORT_SECRET: SECRET } as unknown as NodeJS.ProcessEnv);
    cleanup = () => admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    config = parseConfig({ KEYPORT_DATA_DIR: dir, KEYPORT_SECRET: SECRET } as unknown as NodeJS.ProcessEnv);
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const db = await openDatabase(config);
  await migrate(db);
  await seedDefaultAudience(db.prisma, config.KEYPORT_DEFAULT_AUDIENCE);
  return {
    db,
    config,
    async close() {
      await db.close().catch(() => {});
      await cleanup();
    },
  };
}

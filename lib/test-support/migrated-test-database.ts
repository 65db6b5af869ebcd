// A fresh, real, migrated database for lib/ tests: a new PostgreSQL database when TEST_DATABASE_URL
// is set (CI, .ci/run), created through lib/test-support/empty-test-database.ts (local-only guard,
// random name, dropped afterwards); otherwise embedded PGlite in a temporary folder. No database
// mocks either way: queries run on PostgreSQL's engine, indexes and triggers.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "../generated/prisma/client";
import { parseConfig, type KeyportConfig } from "../config/env";
import { openDatabase, type Database } from "../db/database";
import { migrate } from "../db/migrate";
import { seedDefaultAudience } from "../catalog/seed-default-audience";
import { createEmptyTestDatabase } from "./empty-test-database";

export interface MigratedTestDatabase {
  name: string;
  /** Connection URL (PostgreSQL only; null for embedded PGlite). */
  url: string | null;
  config: KeyportConfig;
  db: Database;
  prisma: PrismaClient;
  /** Close the connections and drop the database. */
  drop(): Promise<void>;
}

/** The PostgreSQL server tests may create databases on, if any. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || null;

export async function createMigratedTestDatabase(prefix = "kp_unit"): Promise<MigratedTestDatabase> {
  const secret = crypto.randomBytes(32).toString("base64url");
  let name: string;
  let url: string | null = null;
  let cleanup: () => Promise<void>;
  let config: KeyportConfig;
  if (TEST_DATABASE_URL) {
    const created = await createEmptyTestDatabase(TEST_DATABASE_URL, prefix);
    name = created.name;
    url = created.url;
    cleanup = () => created.drop();
    // PostgreSQL mode requires a public origin and a mail decision (lib/config/env.ts).
    config = parseConfig({
      NODE_ENV: "test",
      DATABASE_URL: url,
      KEYPORT_SECRET: secret,
      KEYPORT_ISSUER: "http://127.0.0.1:3000",
      KEYPORT_DEV_OUTBOX: "1",
      KEYPORT_DATA_DIR: path.join(os.tmpdir(), name),
      KEYPORT_LOG_LEVEL: "warn",
    });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    name = path.basename(dir);
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    config = parseConfig({ NODE_ENV: "test", KEYPORT_SECRET: secret, KEYPORT_DATA_DIR: dir, KEYPORT_LOG_LEVEL: "warn" });
  }
  let db: Database | undefined;
  try {
    db = await openDatabase(config);
    await migrate(db);
    // What the runtime's start-up seeds: the default audience (scopes come from a migration).
    await seedDefaultAudience(db.prisma, config.KEYPORT_DEFAULT_AUDIENCE);
  } catch (err) {
    await db?.close().catch(() => {});
    await cleanup().catch(() => {});
    throw err;
  }
  const opened = db;
  return {
    name,
    url,
    config,
    db: opened,
    prisma: opened.prisma,
    async drop() {
      await opened.close().catch(() => {});
      await cleanup();
    },
  };
}

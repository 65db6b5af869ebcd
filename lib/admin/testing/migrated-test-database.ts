// A fresh, real, migrated PostgreSQL database for the admin console's tests: created through
// lib/test-support/empty-test-database.ts (local-only guard, random name, dropped afterwards), migrated
// with Keyport's own migrator. No database mocks: queries run on the production engine, indexes
// and triggers.
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "../../generated/prisma/client";
import { parseConfig, type KeyportConfig } from "../../config/env";
import { openDatabase, type Database } from "../../db/database";
import { migrate } from "../../db/migrate";
import { createEmptyTestDatabase } from "../../test-support/empty-test-database";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface MigratedTestDatabase {
  name: string;
  url: string;
  config: KeyportConfig;
  db: Database;
  prisma: PrismaClient;
  /** Close the connections and drop the database. */
  drop(): Promise<void>;
}

export async function createMigratedTestDatabase(prefix = "kp_admin"): Promise<MigratedTestDatabase> {
  const created = await createEmptyTestDatabase(ADMIN_URL, prefix);
  const config = parseConfig({
    NODE_ENV: "test",
    DATABASE_URL: created.url,
    KEYPORT_SECRET: crypto.randomBytes(32).toString("base64url"),
    KEYPORT_DATA_DIR: path.join(os.tmpdir(), created.name),
    KEYPORT_LOG_LEVEL: "warn",
  });
  let db: Database | undefined;
  try {
    db = await openDatabase(config);
    await migrate(db);
    // What the runtime's start-up seeds: the default audience (scopes come from a migration).
    await db.prisma.audience.create({ data: { identifier: config.KEYPORT_DEFAULT_AUDIENCE, name: "Default API", isDefault: true } });
  } catch (err) {
    await db?.close().catch(() => {});
    await created.drop().catch(() => {});
    throw err;
  }
  const opened = db;
  return {
    name: created.name,
    url: created.url,
    config,
    db: opened,
    prisma: opened.prisma,
    async drop() {
      await opened.close().catch(() => {});
      await created.drop();
    },
  };
}

// A migrated database for lib/ tests: a fresh PostgreSQL database when TEST_DATABASE_URL is set
// (CI sets it), otherwise embedded PGlite in a temporary folder. Real either way.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseConfig, type KeyportConfig } from "../config/env";
import { openDatabase, type Database } from "../db/database";
import { migrate } from "../db/migrate";
import { createTestDatabase } from "./test-database";
import { seedDefaultAudience } from "../catalog/seed-default-audience";

export interface TestDb {
  db: Database;
  config: KeyportConfig;
  close(): Promise<void>;
}

export async function openTestDb(prefix = "kp_unit"): Promise<TestDb> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const secret = "unit-test-secret-unit-test-secret-0123456789";
  if (adminUrl) {
    const tdb = await createTestDatabase(adminUrl, prefix);
    const config = parseConfig({ DATABASE_URL: tdb.url, KEYPORT_SECRET: secret } as NodeJS.ProcessEnv);
    const db = await openDatabase(config);
    await migrate(db);
    await seedDefaultAudience(db.prisma, config.KEYPORT_DEFAULT_AUDIENCE);
    return {
      db,
      config,
      async close() {
        await db.close();
        await tdb.drop();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const config = parseConfig({ KEYPORT_DATA_DIR: dir, KEYPORT_SECRET: secret } as NodeJS.ProcessEnv);
  const db = await openDatabase(config);
  await migrate(db);
  await seedDefaultAudience(db.prisma, config.KEYPORT_DEFAULT_AUDIENCE);
  return {
    db,
    config,
    async close() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

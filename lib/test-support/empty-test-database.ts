// An EMPTY PostgreSQL database per test run (`kp_it_<random>`, `kp_bench_<random>`, …), dropped
// afterwards, for tests that start a Keyport process which migrates it itself (test-database.ts
// instead hands back an already-migrated database with an open connection, for in-process tests).
// Tests must never touch a shared or remote database, so a non-local URL is refused before
// anything connects to it (the same guard as dub's playwright/assert-local-database.ts).
import crypto from "node:crypto";
import pg from "pg";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1", ""]);

/** Throws unless `url` is a postgres:// URL pointing at this machine; returns it parsed. */
export function assertLocalDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`the test database URL is not a valid URL`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Error(`the test database URL must be a postgresql:// URL, got ${parsed.protocol}`);
  }
  // A `host=` query parameter (libpq style) can redirect the connection elsewhere.
  const hostParam = parsed.searchParams.get("host");
  const hostOk = LOCAL_HOSTS.has(parsed.hostname) && (hostParam === null || hostParam.startsWith("/") || LOCAL_HOSTS.has(hostParam));
  if (!hostOk) {
    throw new Error(
      `Refusing to run tests against a non-local database (${parsed.hostname || hostParam}). ` +
        `Tests create and drop databases: point TEST_DATABASE_URL at 127.0.0.1 or localhost.`,
    );
  }
  return parsed;
}

export interface EmptyTestDatabase {
  /** Connection URL of the new database. */
  url: string;
  name: string;
  /** Drop the database (terminating any connection still open on it). Safe to call twice. */
  drop(): Promise<void>;
}

async function withAdminClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Create `<prefix>_<random>` on the server of `adminUrl` (which must be local). `prefix` must be a
 * plain lower-case identifier, e.g. "kp_it".
 */
export async function createEmptyTestDatabase(adminUrl: string, prefix = "kp_it"): Promise<EmptyTestDatabase> {
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new Error(`bad database prefix: ${prefix}`);
  const admin = assertLocalDatabaseUrl(adminUrl);
  const name = `${prefix}_${crypto.randomBytes(6).toString("hex")}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin.href);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.href,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) (PostgreSQL 13+) ends connections a crashed server may have left behind.
      await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Run one query on a database and close the connection (for tests that arrange state in SQL). */
export async function queryDatabase<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  assertLocalDatabaseUrl(url);
  return withAdminClient(url, async (c) => (await c.query<T>(sql, params)).rows);
}

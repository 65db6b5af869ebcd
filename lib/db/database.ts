// The one database handle of a Keyport process: Prisma for domain code, plus raw SQL, a
// dedicated session (advisory locks) and LISTEN for infrastructure. PostgreSQL through
// @prisma/adapter-pg when DATABASE_URL is set, embedded PGlite under the data directory otherwise.
//
// The handle lives on globalThis: in production the custom server (server/main.ts) and Next's
// bundled copy of lib/ run in one process and must share one PGlite instance — two instances on
// one data directory would corrupt it.
import fs from "node:fs";
import path from "node:path";
import { PrismaClient } from "../generated/prisma/client";
import type { KeyportConfig } from "../config/env";
import { log } from "../log";

export interface SqlSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Multi-statement SQL without parameters. */
  exec(sql: string): Promise<void>;
}

export interface Database extends SqlSession {
  kind: "postgres" | "pglite";
  prisma: PrismaClient;
  /** Run `fn` on one dedicated connection (session-level advisory locks need it). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Subscribe to NOTIFY on `channel`; `onReconnect` is called when notifications may have been missed. */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Fields that never leave the database layer unless a query opts in explicitly. */
const GLOBAL_OMIT = {
  clientSecret: { digest: true },
  signingKey: { privateKey: true },
  emailMessage: { payload: true },
} as const;

function createPrisma(adapter: NonNullable<ConstructorParameters<typeof PrismaClient>[0]>["adapter"]) {
  return new PrismaClient({ adapter, omit: GLOBAL_OMIT });
}
export type Prisma = ReturnType<typeof createPrisma>;

async function openPostgres(url: string): Promise<Database> {
  const pg = (await import("pg")).default;
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 30_000 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener
  // that would crash the process. The next query simply gets a fresh connection.
  pool.on("error", (err) => log.warn("database pool connection lost", { error: err.message }));
  const prisma = createPrisma(new PrismaPg(pool));
  const listeners = new Set<import("pg").Client>();

  const db: Database = {
    kind: "postgres",
    prisma: prisma as unknown as PrismaClient,
    async query(sql, params) {
      return (await pool.query(sql, params as unknown[])).rows;
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
          exec: async (sql) => void (await client.query(sql)),
        });
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload, onReconnect) {
      let stopped = false;
      let client: import("pg").Client | undefined;
      let retry: NodeJS.Timeout | undefined;
      const connect = async (isReconnect: boolean): Promise<void> => {
        const c = new pg.Client({ connectionString: url });
        c.on("notification", (n) => n.channel === channel && onPayload(n.payload ?? ""));
        c.on("error", (err) => {
          log.warn("LISTEN connection lost; reconnecting", { channel, error: err.message });
          listeners.delete(c);
          c.end().catch(() => {});
          if (!stopped) retry = setTimeout(() => void connect(true).catch(() => {}), 500);
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${JSON.stringify(channel)}`);
        } catch (err) {
          c.end().catch(() => {});
          if (!isReconnect) throw err;
          if (!stopped) retry = setTimeout(() => void connect(true).catch(() => {}), 1000);
          return;
        }
        client = c;
        listeners.add(c);
        // Anything may have changed while we were not listening.
        if (isReconnect) onReconnect?.();
      };
      await connect(false);
      return async () => {
        stopped = true;
        clearTimeout(retry);
        if (client) {
          listeners.delete(client);
          await client.end().catch(() => {});
        }
      };
    },
    async close() {
      for (const c of listeners) await c.end().catch(() => {});
      await prisma.$disconnect();
      await pool.end();
    },
  };
  return db;
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  // Contrib extensions must be loaded explicitly in PGlite; the admin search indexes use pg_trgm.
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const dir = path.join(dataDir, "pgdata");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 }); // PGlite does not create parents
  const pglite = await PGlite.create(dir, { extensions: { pg_trgm } });
  const prisma = createPrisma(new PrismaPGlite(pglite));
  const session: SqlSession = {
    async query<T>(sql: string, params?: unknown[]) {
      return (await pglite.query<T>(sql, params)).rows;
    },
    async exec(sql) {
      await pglite.exec(sql);
    },
  };
  return {
    kind: "pglite",
    prisma: prisma as unknown as PrismaClient,
    ...session,
    // PGlite is one connection in this process: every call is already "one session".
    withSession: (fn) => fn(session),
    async listen(channel, onPayload) {
      const unsubscribe = await pglite.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

export async function openDatabase(config: KeyportConfig): Promise<Database> {
  return config.DATABASE_URL ? openPostgres(config.DATABASE_URL) : openPglite(config.dataDir);
}

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
import { AvailabilityMonitor } from "./availability-monitor";
import { isConnectionFailure } from "./database-unavailable";

export interface SqlSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Multi-statement SQL without parameters. */
  exec(sql: string): Promise<void>;
}

export interface Database extends SqlSession {
  kind: "postgres" | "pglite";
  prisma: PrismaClient;
  /**
   * The pg pool (PostgreSQL only): for libraries that speak `pg` themselves, such as the
   * rate-limiter store (lib/rate-limit), so they share this process's connections and timeouts.
   */
  pgPool?: import("pg").Pool;
  /**
   * Run `fn` on one dedicated connection (session-level advisory locks need it). Its statements
   * have the usual timeouts unless `timeoutMs` asks for a longer bound (migrations, lock waits).
   */
  withSession<T>(fn: (session: SqlSession) => Promise<T>, options?: { timeoutMs?: number }): Promise<T>;
  /** Whether the database answers (lib/db/availability-monitor.ts); never down for PGlite. */
  availability: AvailabilityMonitor;
  /**
   * Subscribe to NOTIFY on `channel`; `onReconnect` is called when notifications may have been
   * missed, `onState` each time the LISTEN connection comes up or goes down (the listen.state event).
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onReconnect?: () => void,
    onState?: (connected: boolean) => void,
  ): Promise<() => Promise<void>>;
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

export interface DatabaseHooks {
  /** Every failure talking to the database (unreachable, lost, timed out): the `db.error` event. */
  onFailure?: (operation: string, err: unknown) => void;
}

async function openPostgres(url: string, config: KeyportConfig, hooks: DatabaseHooks): Promise<Database> {
  const pg = (await import("pg")).default;
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { createPostgresPool, connectionConfig, destroyConnection } = await import("./postgres-pool");
  // Connect and statement timeouts, fail-fast while down, the availability probe: lib/db/postgres-pool.ts.
  const timeouts = { connectTimeoutMs: config.KEYPORT_DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: config.KEYPORT_DB_STATEMENT_TIMEOUT_MS };
  const pooled = createPostgresPool(url, timeouts, hooks);
  const pool = pooled.pool;
  const availability = pooled.availability;
  const prisma = createPrisma(new PrismaPg(pool));
  const listeners = new Set<import("pg").Client>();

  const db: Database = {
    kind: "postgres",
    prisma: prisma as unknown as PrismaClient,
    pgPool: pool,
    async query(sql, params) {
      return (await pool.query(sql, params as unknown[])).rows;
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async withSession(fn, options) {
      const client = await pool.connect();
      const timeoutMs = options?.timeoutMs;
      // A longer bound for this session only: the connection is discarded afterwards rather than
      // returned to the pool with a changed statement_timeout.
      if (timeoutMs) await client.query(`SET statement_timeout = ${Math.floor(timeoutMs)}`);
      const run = (text: string, values?: unknown[]) => {
        // pg honours a per-query `query_timeout` (pg/lib/client.js) that @types/pg does not declare.
        const query: import("pg").QueryConfig<unknown[]> = Object.assign({ text, values }, timeoutMs ? { query_timeout: timeoutMs + 500 } : {});
        return client.query(query);
      };
      let failure: Error | undefined;
      try {
        return await fn({
          query: async (sql, params) => (await run(sql, params as unknown[] | undefined)).rows,
          exec: async (sql) => void (await run(sql)),
        });
      } catch (err) {
        if (isConnectionFailure(err)) failure = err instanceof Error ? err : new Error(String(err));
        throw err;
      } finally {
        // A broken or timed-out connection is not handed out again (pg-pool removes it).
        client.release(failure ?? (timeoutMs ? true : undefined));
      }
    },
    async listen(channel, onPayload, onReconnect, onState) {
      let stopped = false;
      let client: import("pg").Client | undefined;
      let retry: NodeJS.Timeout | undefined;
      const connect = async (isReconnect: boolean): Promise<void> => {
        // The same connect and statement timeouts as the pool: LISTEN on a black-holed database
        // fails and retries instead of hanging.
        const c = new pg.Client(connectionConfig(url, timeouts));
        c.on("notification", (n) => n.channel === channel && onPayload(n.payload ?? ""));
        let lost = false;
        c.on("error", (err) => {
          if (lost) return; // pg may report one loss twice (socket error, then end)
          lost = true;
          log.warn("LISTEN connection lost; reconnecting", { channel, error: err.message });
          hooks.onFailure?.("listen", err);
          if (listeners.has(c)) onState?.(false);
          listeners.delete(c);
          if (client === c) client = undefined;
          destroyConnection(c, err);
          if (!stopped) retry = setTimeout(() => void connect(true).catch(() => {}), 500);
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${JSON.stringify(channel)}`);
        } catch (err) {
          lost = true;
          destroyConnection(c, err instanceof Error ? err : new Error(String(err)));
          if (!isReconnect) throw err;
          if (!stopped) retry = setTimeout(() => void connect(true).catch(() => {}), 1000);
          return;
        }
        client = c;
        listeners.add(c);
        onState?.(true);
        // Anything may have changed while we were not listening. The pool may still be refusing
        // (the monitor's next probe is up to a second away): confirm first, so what onReconnect
        // drops is reloaded from the database rather than refused.
        if (isReconnect) {
          await availability.check();
          onReconnect?.();
        }
      };
      await connect(false);
      // A black-holed LISTEN connection reports nothing and would miss every invalidation: when the
      // monitor finds the database down, drop it; the retry loop above reconnects once it answers,
      // and onReconnect covers what was missed meanwhile.
      const offDown = availability.onDown(() => {
        if (client) destroyConnection(client, new Error("database unavailable"));
      });
      return async () => {
        stopped = true;
        offDown();
        clearTimeout(retry);
        if (client) {
          if (listeners.has(client)) onState?.(false);
          listeners.delete(client);
          await client.end().catch(() => {});
        }
      };
    },
    availability,
    async close() {
      await pooled.close();
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
    // In-process: there is no connection to lose. Never started, so never down.
    availability: new AvailabilityMonitor({ probe: async () => {}, intervalMs: 1000 }),
    async listen(channel, onPayload, _onReconnect, onState) {
      // In-process: the "connection" is up for as long as the subscription.
      const unsubscribe = await pglite.listen(channel, onPayload);
      onState?.(true);
      return async () => {
        onState?.(false);
        await unsubscribe();
      };
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

export async function openDatabase(config: KeyportConfig, hooks: DatabaseHooks = {}): Promise<Database> {
  return config.DATABASE_URL ? openPostgres(config.DATABASE_URL, config, hooks) : openPglite(config.dataDir);
}

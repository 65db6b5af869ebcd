// The pg connection settings of a Keyport process, and the pool Prisma (through @prisma/adapter-pg)
// and raw SQL share. Nothing may wait on the database without a bound:
//   - connect: KEYPORT_DB_CONNECT_TIMEOUT_MS (pg `connectionTimeoutMillis`, which also bounds
//     waiting for a free pooled connection — pool exhaustion fails instead of queueing forever);
//   - statements: KEYPORT_DB_STATEMENT_TIMEOUT_MS, server side (`statement_timeout`, sent in the
//     startup packet: PostgreSQL cancels with 57014 and the connection stays usable) and client side
//     (`query_timeout`, slightly longer, for a server that accepted the connection and then stopped
//     answering — a black hole sends no error at all);
//   - a connection that failed or timed out is destroyed, never handed out again;
//   - the availability monitor (lib/db/availability-monitor.ts) probes on its own connection; while
//     it says "down" the pool refuses at once, so every request during an outage fails in
//     microseconds instead of each waiting out a timeout.
import pg from "pg";
import { AvailabilityMonitor } from "./availability-monitor";
import { DatabaseUnavailableError, isConnectionFailure, isDatabaseUnavailable } from "./database-unavailable";
import { log } from "../log";

export interface PostgresTimeouts {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** The client-side timeout exceeds the server's so a slow statement normally gets the server's own 57014. */
const QUERY_TIMEOUT_GRACE_MS = 500;
/** How often the availability probe runs (up or down). */
const PROBE_INTERVAL_MS = 1000;
const MAX_POOL_SIZE = 10;

/** Settings every Keyport connection uses: the pool's, LISTEN's and the probe's. */
export function connectionConfig(url: string, t: PostgresTimeouts): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: t.connectTimeoutMs,
    statement_timeout: t.statementTimeoutMs,
    query_timeout: t.statementTimeoutMs + QUERY_TIMEOUT_GRACE_MS,
    // Lets the OS notice a peer that vanished from an idle connection (LISTEN sits idle for hours).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * Tear down a connection's socket at once. `client.end()` would send Terminate and wait for the
 * server to close — forever, on a black-holed connection. pg's own pool does the same on a connect
 * timeout (pg-pool `newClient`); the socket is not part of pg's typed API.
 */
export function destroyConnection(client: pg.ClientBase, reason: Error): void {
  const stream = (client as unknown as { connection?: { stream?: { destroy(err?: Error): void } } }).connection?.stream;
  stream?.destroy(reason);
}

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/** pg.Pool that refuses while the database is known to be down and reports every connect failure. */
class KeyportPool extends pg.Pool {
  constructor(
    config: pg.PoolConfig,
    private readonly monitor: AvailabilityMonitor,
  ) {
    super(config);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const refusal = this.monitor.down ? new DatabaseUnavailableError() : null;
    const wrap = (err: Error): Error => {
      this.monitor.report("connect", err);
      return isDatabaseUnavailable(err) && !(err instanceof DatabaseUnavailableError)
        ? new DatabaseUnavailableError(`could not connect to the database: ${err.message}`, { cause: err })
        : err;
    };
    // pg-pool's own query() calls connect with a callback; Prisma's adapter and withSession use the promise.
    if (callback) {
      if (refusal) return void process.nextTick(() => callback(refusal, undefined, () => {}));
      return super.connect((err, client, done) => callback(err ? wrap(err) : undefined, client, done));
    }
    if (refusal) return Promise.reject(refusal);
    return super.connect().catch((err: Error) => {
      throw wrap(err);
    });
  }
}

export interface PostgresPool {
  pool: pg.Pool;
  availability: AvailabilityMonitor;
  close(): Promise<void>;
}

export function createPostgresPool(
  url: string,
  t: PostgresTimeouts,
  hooks: { onFailure?: (operation: string, err: unknown) => void } = {},
): PostgresPool {
  const config = connectionConfig(url, t);
  let probeClient: pg.Client | null = null;
  const dropProbe = (reason: Error) => {
    const c = probeClient;
    probeClient = null;
    if (c) {
      destroyConnection(c, reason);
      c.end().catch(() => {});
    }
  };
  const probe = async () => {
    try {
      if (!probeClient) {
        const c = new pg.Client({ ...config, query_timeout: t.connectTimeoutMs });
        c.on("error", (err) => {
          if (probeClient === c) probeClient = null;
          monitor.report("probe", err);
        });
        await c.connect();
        probeClient = c;
      }
      await probeClient.query("SELECT 1");
    } catch (err) {
      dropProbe(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  };

  const monitor = new AvailabilityMonitor({
    probe,
    intervalMs: PROBE_INTERVAL_MS,
    onFailure: hooks.onFailure,
    onChange: (up) =>
      up ? log.info("database reachable again") : log.warn("database unavailable: refusing database work until it answers again"),
  });

  const pool = new KeyportPool({ ...config, max: MAX_POOL_SIZE, idleTimeoutMillis: 30_000 }, monitor);
  const open = new Set<pg.PoolClient>();
  pool.on("connect", (c) => open.add(c));
  pool.on("remove", (c) => open.delete(c));
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query simply gets a fresh connection.
  pool.on("error", (err) => {
    log.warn("database pool connection lost", { error: err.message });
    monitor.report("idle", err);
  });
  // Released with an error (pg-pool then removes the client): a connection that timed out or broke
  // is destroyed rather than ended politely, and the monitor hears of it.
  pool.on("release", (err, client) => {
    if (!err) return;
    monitor.report("query", err);
    if (isConnectionFailure(err)) destroyConnection(client, err);
  });
  // Down: every pooled connection may be dead (a black hole gives no error). Destroying them makes
  // what is in flight fail now instead of at its read timeout.
  monitor.onDown((err) => {
    const reason = err instanceof Error ? err : new Error("database unavailable");
    for (const c of open) destroyConnection(c, reason);
  });

  return {
    pool,
    availability: monitor,
    async close() {
      monitor.stop();
      dropProbe(new Error("closing"));
    },
  };
}

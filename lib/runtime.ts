// The Keyport runtime of one process — its composition root: configuration, database, caches,
// keys, counters, events, limits, metrics and the replay store are built here once, and handed to
// the OAuth server (lib/oauth/oauth-server.ts), which is built here too. Started once per process
// (the custom server, `next dev`'s instrumentation, or the CLI) and shared through globalThis, so
// Next's bundled copy of lib/ and the server's copy see the same instance.
import type { PrismaClient } from "./generated/prisma/client";
import { getConfig, type KeyportConfig } from "./config/env";
import { openDatabase, type Database } from "./db/database";
import { acquireDataDirLock } from "./db/data-dir-lock";
import { migrate } from "./db/migrate";
import { ClientCache } from "./cache/client-cache";
import { IntrospectorCache } from "./cache/introspector-cache";
import { KeyStore } from "./keys/key-store";
import { ensureSigningKey } from "./keys/rotate-signing-key";
import { UsageRecorder } from "./usage/usage-recorder";
import { SYSTEM_ACTOR } from "./audit/actor";
import { seedDefaultAudience } from "./catalog/seed-default-audience";
import { log } from "./log";
import { startMailWorker } from "./mail/mail-worker";
import { startSecretReminders } from "./secrets/start-secret-reminders";
import { KeyportEvents } from "./events/events";
import { createRateLimits, type RateLimits } from "./rate-limit/rate-limits";
import { createMetrics, type KeyportMetrics } from "./metrics/create-metrics";
import { countMailQueue } from "./mail/count-mail-queue";
import { createReplayStore, type ReplayStore } from "./replay/replay-store";
import { countUsageEvents } from "./usage/count-usage-events";
import { startRequestLog } from "./request-log/start-request-log";
import type { OAuthServices } from "./oauth/oauth-services";
import { createOAuthServer, type OAuthServer } from "./oauth/oauth-server";
import { createApiServer, type ApiServer } from "./api/api-server";
import { startRefreshTokenPurge } from "./oauth/refresh/purge-refresh-tokens";

export interface Runtime extends OAuthServices {
  config: KeyportConfig;
  db: Database;
  prisma: PrismaClient;
  clients: ClientCache;
  /** Which applications may introspect which audience's tokens (RFC 7662 §2.1). */
  introspectors: IntrospectorCache;
  keys: KeyStore;
  usage: UsageRecorder;
  /** Events at defined points (lib/events): metrics, usage and rate limiting subscribe. */
  events: KeyportEvents;
  /** Rate limits (lib/rate-limit): shared through PostgreSQL across instances, in memory when embedded. */
  limits: RateLimits;
  /** Prometheus registry fed by the events (lib/metrics), served at GET /metrics. */
  metrics: KeyportMetrics;
  /** Single-use jti store shared across instances (lib/replay). */
  replay: ReplayStore;
  /** The OAuth server built from these services: its route map serves every OAuth path. */
  oauth: OAuthServer;
  /** The automation API built from these services: serves /api/v1/* and /openapi.json. */
  api: ApiServer;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Start background work (usage flush, purge timers, LISTEN). The CLI does not need it. */
  background?: boolean;
}

const KEY = Symbol.for("keyport.runtime");
type Holder = { [KEY]?: Promise<Runtime> };

async function start(options: StartOptions): Promise<Runtime> {
  const config = getConfig();
  const releaseLock = config.embedded ? acquireDataDirLock(config.dataDir) : () => {};
  let db: Database | undefined;
  try {
    const events = new KeyportEvents();
    // db.error: the database layer reports every failure it sees (unreachable, lost, timed out).
    db = await openDatabase(config, {
      onFailure: (operation, err) => events.emit("db.error", { operation, error: err instanceof Error ? err.message : String(err) }),
    });
    await migrate(db);
    const prisma = db.prisma;
    await seedDefaultAudience(prisma, config.KEYPORT_DEFAULT_AUDIENCE);
    await ensureSigningKey(prisma, config.secret, config.KEYPORT_SIGNING_ALG, SYSTEM_ACTOR, config.KEYPORT_TOKEN_TTL);

    const limits = createRateLimits(config, db, events);
    // Subscribed before anything emits; process metrics only where something serves /metrics.
    const metrics = createMetrics({ events, countMailQueue: () => countMailQueue(prisma), defaultMetrics: options.background !== false });
    // Lean raw-SQL loads; cache.hit/miss/stale on the events; stale-if-error while the database is down.
    const clients = new ClientCache({ db, events, staleIfErrorMs: config.KEYPORT_STALE_IF_ERROR * 1000, ttlMs: config.KEYPORT_CLIENT_CACHE_TTL * 1000 });
    const introspectors = new IntrospectorCache(prisma);
    const keys = new KeyStore(prisma, config.secret);
    const usage = new UsageRecorder(db);
    // Usage counts token.issued / oauth.error (lib/usage), as the metrics do.
    const stopCountingUsage = countUsageEvents(events, usage);
    const replay = createReplayStore(db);
    const stops: Array<() => Promise<void>> = [async () => stopCountingUsage()];
    // The owners' request log (lib/request-log): the same events, buffered and written in batches.
    stops.push(startRequestLog(db, config, events, { background: options.background !== false }));

    const warmUpClients = () => {
      const started = Date.now();
      clients.warmUp().then(
        (loaded) => log.debug("client cache warmed up", { loaded, ms: Date.now() - started }),
        (err: unknown) => log.warn("client cache warm-up stopped", { error: err instanceof Error ? err.message : String(err) }),
      );
    };

    if (options.background !== false) {
      // Probes the database and, while it is down, makes every database call fail fast (lib/db).
      db.availability.start();
      const unlisten = await db.listen(
        "keyport_cache",
        (payload) => {
          if (payload.startsWith("signingkey:")) keys.invalidate();
          else if (payload.startsWith("audienceintrospector:")) introspectors.invalidate();
          else clients.invalidate(payload);
        },
        () => {
          // Anything may have changed while notifications were lost: drop everything, warm up again.
          clients.clear();
          warmUpClients();
          introspectors.invalidate();
          keys.invalidate();
        },
        (connected) => events.emit("listen.state", { connected }),
      );
      stops.push(unlisten);
      stops.push(async () => clients.stop());
      // Load active clients in the background (pages of one lean query, bounded by the cache size):
      // the first token request of each is then a hit, not a query.
      warmUpClients();
      usage.start();
      // Revoked-token rows are useless once the token has expired.
      const purge = setInterval(() => {
        prisma.revokedToken.deleteMany({ where: { expiresAt: { lt: new Date() } } }).catch(() => {});
      }, 3_600_000);
      purge.unref();
      stops.push(async () => clearInterval(purge));
      // Secret-expiry reminders (lib/secrets), each sent once across instances. Stopped before the
      // mail worker, which closes the mailer a running pass still uses.
      stops.push(startSecretReminders(db, config, { events }));
      // Retries queued mail with backoff (lib/mail): a mail outage never loses a message.
      stops.push(startMailWorker(prisma, config, { events }));
      stops.push(limits.startPurge());
      stops.push(replay.startPurge());
      // Refresh-token uses and revoked families past their expiry (lib/oauth/refresh).
      stops.push(startRefreshTokenPurge(db));
    }

    const database = db;
    let stopping: Promise<void> | null = null;
    const services: OAuthServices = { config, db: database, prisma, clients, introspectors, keys, events, limits, metrics, replay };
    const oauth = createOAuthServer(services);
    return {
      ...services,
      usage,
      oauth,
      // The automation API (/api/v1, /openapi.json) on the same services (lib/api).
      api: createApiServer(services, { oauth }),
      stop() {
        return (stopping ??= (async () => {
          for (const s of stops) await s().catch(() => {});
          await usage.stop();
          await database.close();
          metrics.stop();
          releaseLock();
        })());
      },
    };
  } catch (err) {
    await db?.close().catch(() => {});
    releaseLock();
    throw err;
  }
}

/** Start the runtime once per process; later calls return the same one. */
export function startRuntime(options: StartOptions = {}): Promise<Runtime> {
  const g = globalThis as Holder;
  const existing = g[KEY];
  if (existing) return existing;
  const p = start(options);
  g[KEY] = p;
  p.catch(() => {
    if (g[KEY] === p) delete g[KEY];
  });
  return p;
}

/** The running runtime (starting it on first use). */
export function getRuntime(): Promise<Runtime> {
  return startRuntime();
}

/** Stop the runtime of this process, if any (tests, CLI, shutdown). */
export async function stopRuntime(): Promise<void> {
  const g = globalThis as Holder;
  const p = g[KEY];
  if (!p) return;
  delete g[KEY];
  const rt = await p.catch(() => null);
  await rt?.stop();
  log.debug("runtime stopped");
}

/** Prisma of the running runtime: for server components and actions. */
export async function getPrisma(): Promise<PrismaClient> {
  return (await getRuntime()).prisma;
}

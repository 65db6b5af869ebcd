// The Keyport runtime of one process: configuration, database, caches, keys and counters.
// Started once per process (the custom server, `next dev`'s instrumentation, or the CLI) and shared
// through globalThis, so Next's bundled copy of lib/ and the server's copy see the same instance.
import type { PrismaClient } from "./generated/prisma/client";
import { getConfig, type KeyportConfig } from "./config/env";
import { openDatabase, type Database } from "./db/database";
import { acquireDataDirLock } from "./db/data-dir-lock";
import { migrate } from "./db/migrate";
import { ClientCache } from "./cache/client-cache";
import { KeyStore } from "./keys/key-store";
import { ensureSigningKey } from "./keys/rotate-signing-key";
import { UsageRecorder } from "./usage/usage-recorder";
import { SYSTEM_ACTOR } from "./audit/actor";
import { seedDefaultAudience } from "./catalog/seed-default-audience";
import { log } from "./log";
import { startMailWorker } from "./mail/mail-worker";
import { KeyportEvents } from "./events/events";

export interface Runtime {
  config: KeyportConfig;
  db: Database;
  prisma: PrismaClient;
  clients: ClientCache;
  keys: KeyStore;
  usage: UsageRecorder;
  /** Events at defined points (lib/events): metrics, usage and rate limiting subscribe. */
  events: KeyportEvents;
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
    db = await openDatabase(config);
    await migrate(db);
    const prisma = db.prisma;
    await seedDefaultAudience(prisma, config.KEYPORT_DEFAULT_AUDIENCE);
    await ensureSigningKey(prisma, config.secret, config.KEYPORT_SIGNING_ALG, SYSTEM_ACTOR, config.KEYPORT_TOKEN_TTL);

    const events = new KeyportEvents();
    const clients = new ClientCache(prisma);
    const keys = new KeyStore(prisma, config.secret);
    const usage = new UsageRecorder(db);
    const stops: Array<() => Promise<void>> = [];

    if (options.background !== false) {
      const unlisten = await db.listen(
        "keyport_cache",
        (payload) => {
          if (payload.startsWith("signingkey:")) keys.invalidate();
          else clients.invalidate(payload);
        },
        () => {
          clients.clear();
          keys.invalidate();
        },
      );
      stops.push(unlisten);
      usage.start();
      // Revoked-token rows are useless once the token has expired.
      const purge = setInterval(() => {
        prisma.revokedToken.deleteMany({ where: { expiresAt: { lt: new Date() } } }).catch(() => {});
      }, 3_600_000);
      purge.unref();
      stops.push(async () => clearInterval(purge));
      // Retries queued mail with backoff (lib/mail): a mail outage never loses a message.
      stops.push(startMailWorker(prisma, config));
    }

    const database = db;
    let stopping: Promise<void> | null = null;
    return {
      config,
      db: database,
      prisma,
      clients,
      keys,
      usage,
      events,
      stop() {
        return (stopping ??= (async () => {
          for (const s of stops) await s().catch(() => {});
          await usage.stop();
          await database.close();
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

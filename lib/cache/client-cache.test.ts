// The client cache against a real, migrated database (PostgreSQL with TEST_DATABASE_URL, PGlite
// otherwise): LRU bounds, negative entries, one query per id at a time, warm-up, and stale-if-error.
// Queries are counted by a pass-through session in front of the real database; an outage is
// injected there too (the connection error pg raises), so the cache sees exactly what it would.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import type { SqlSession } from "../db/database";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { cliActor } from "../audit/actor";
import { seedApps, type SeededCredentials } from "../apps/seed-apps";
import { KeyportEvents } from "../events/events";
import { ClientCache, type ClientCacheOptions } from "./client-cache";

let t: MigratedTestDatabase;
let apps: SeededCredentials[];

before(async () => {
  t = await createMigratedTestDatabase("kp_unit_cache");
  apps = await seedApps(t.prisma, { count: 40, pepper: t.config.secret, ownerEmail: "cache@example.test", scopes: ["application.client"] }, cliActor());
});
after(async () => t?.drop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The real database, with a query counter and a switch that makes it unreachable. */
function observed() {
  const state = {
    queries: 0,
    down: false,
    lastError: null as Error | null,
    session: {
      async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
        state.queries++;
        if (state.down) {
          // What node-postgres raises when nothing listens on the database port.
          state.lastError = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", errno: -111, syscall: "connect" });
          throw state.lastError;
        }
        return t.db.query<T>(sql, params);
      },
      async exec(sql: string) {
        await t.db.exec(sql);
      },
    } satisfies SqlSession,
  };
  return state;
}

function counters(events: KeyportEvents) {
  const n = { hit: 0, miss: 0, stale: 0 };
  events.on("cache.hit", () => n.hit++);
  events.on("cache.miss", () => n.miss++);
  events.on("cache.stale", () => n.stale++);
  return n;
}

function cacheOn(db: ReturnType<typeof observed>, options: Partial<ClientCacheOptions> = {}) {
  return new ClientCache({ db: db.session, ...options });
}

describe("client cache", () => {
  test("a hit is a hit: one query, then none; the loaded client is what the token path needs", async () => {
    const db = observed();
    const events = new KeyportEvents();
    const n = counters(events);
    const cache = cacheOn(db, { events });
    const a = await cache.get(apps[0]!.clientId);
    assert.ok(a);
    assert.equal(a.clientId, apps[0]!.clientId);
    assert.equal(a.status, "active");
    assert.deepEqual([...a.scopes], ["application.client"]);
    assert.equal(a.defaultScope, "application.client");
    assert.deepEqual(a.audiences, ["urn:keyport:api"]);
    assert.ok(a.grantTypes.has("client_credentials"));
    assert.equal(a.secrets.length, 1);
    assert.equal(a.secrets[0]!.digest.length, 32);
    assert.equal(a.secrets[0]!.expiresAt, null);
    for (let i = 0; i < 5; i++) assert.equal((await cache.get(apps[0]!.clientId))?.appId, a.appId);
    assert.equal(db.queries, 1);
    assert.deepEqual(n, { hit: 5, miss: 1, stale: 0 });
  });

  test("fetch de-duplication: 50 concurrent gets of one id cost one query (known and unknown ids)", async () => {
    const db = observed();
    const cache = cacheOn(db);
    const got = await Promise.all(Array.from({ length: 50 }, () => cache.get(apps[1]!.clientId)));
    assert.equal(db.queries, 1);
    assert.ok(got.every((c) => c?.clientId === apps[1]!.clientId));
    const none = await Promise.all(Array.from({ length: 50 }, () => cache.get("kp_not_a_client")));
    assert.equal(db.queries, 2);
    assert.ok(none.every((c) => c === null));
  });

  test("negative entries: an unknown id is asked once per negative TTL, and a notification ends it early", async () => {
    const db = observed();
    const cache = cacheOn(db, { negativeTtlMs: 300 });
    const unlisten = await t.db.listen("keyport_cache", (p) => cache.invalidate(p));
    try {
      for (let i = 0; i < 20; i++) assert.equal(await cache.get("kp_unknown_1"), null);
      assert.equal(db.queries, 1);
      await sleep(350);
      assert.equal(await cache.get("kp_unknown_1"), null);
      assert.equal(db.queries, 2, "asked again after the negative TTL");

      // The client appears: the database trigger's notification drops the negative entry at once.
      const later = `kp_later_${Date.now()}`;
      assert.equal(await cache.get(later), null);
      const owner = await t.prisma.user.findFirstOrThrow({ where: { email: "cache@example.test" }, select: { id: true, personalTeam: { select: { id: true } } } });
      await t.prisma.application.create({
        data: { clientId: later, name: "Later", ownerId: owner.id, teamId: owner.personalTeam!.id, status: "active", scopes: ["application.client"], audiences: ["urn:keyport:api"] },
      });
      let seen = null;
      for (let i = 0; i < 40 && !seen; i++) {
        seen = await cache.get(later);
        if (!seen) await sleep(25);
      }
      assert.equal(seen?.clientId, later, "visible well within the negative TTL");
    } finally {
      await unlisten();
    }
  });

  test("a malformed id is never a key and never a query", async () => {
    const db = observed();
    const cache = cacheOn(db);
    for (const id of ["a\u0000b", "x".repeat(129), "tab\there", "del\u007f", "c1\u0085", "lone\ud800"]) {
      assert.equal(await cache.get(id), null);
    }
    assert.equal(db.queries, 0);
    assert.equal(cache.stats().unknown, 0);
  });

  test("LRU under a flood: a recently used client stays cached, the oldest go; unknown ids never evict a client", async () => {
    const db = observed();
    const cache = cacheOn(db, { maxEntries: 10, maxNegativeEntries: 50 });
    const hot = apps[2]!.clientId;
    await cache.get(hot);
    for (const a of apps.slice(3, 30)) {
      await cache.get(a.clientId);
      await cache.get(hot);
    }
    assert.ok(cache.stats().entries <= 10, `bounded: ${cache.stats().entries}`);
    const q = db.queries;
    for (const a of apps.slice(21, 30)) assert.ok(await cache.get(a.clientId));
    assert.ok(await cache.get(hot));
    assert.equal(db.queries, q, "the hot client and the 9 most recent are hits");
    assert.ok(await cache.get(apps[3]!.clientId));
    assert.equal(db.queries, q + 1, "the least recently used was evicted");

    // 500 random unknown ids: they only displace each other.
    for (let i = 0; i < 500; i++) assert.equal(await cache.get(`kp_flood_${i}_${Math.random()}`), null);
    assert.ok(cache.stats().unknown <= 50);
    const q2 = db.queries;
    assert.ok(await cache.get(hot));
    for (const a of apps.slice(22, 30)) assert.ok(await cache.get(a.clientId));
    assert.equal(db.queries, q2, "no client was evicted by the flood");
  });

  test("bounded by bytes as well as by count", async () => {
    const db = observed();
    const cache = cacheOn(db, { maxBytes: 4_000 });
    for (const a of apps.slice(0, 30)) await cache.get(a.clientId);
    const { entries, bytes } = cache.stats();
    assert.ok(bytes <= 4_000, `bytes ${bytes}`);
    assert.ok(entries >= 3 && entries < 30, `entries ${entries}`);
  });

  test("warm-up loads active clients in pages, bounded by the cache size, then every get is a hit", async () => {
    const db = observed();
    const cache = cacheOn(db, { maxEntries: 25 });
    const loaded = await cache.warmUp({ pageSize: 7 });
    assert.equal(loaded, 25);
    assert.equal(db.queries, 1 + 4, "one id query and ceil(25 / 7) pages");
    assert.equal(cache.stats().entries, 25);
    const cached = apps.filter((a) => cache.peek(a.clientId) !== null);
    assert.ok(cached.length >= 20);
    const q = db.queries;
    for (const a of cached) assert.equal((await cache.get(a.clientId))?.clientId, a.clientId);
    assert.equal(db.queries, q);
  });

  test("stale-if-error: past its TTL a cached client is served while the database is down, until the window closes", async () => {
    const db = observed();
    const events = new KeyportEvents();
    const n = counters(events);
    const cache = cacheOn(db, { events, ttlMs: 150, staleIfErrorMs: 700, retryMs: 100 });
    const a = apps[5]!.clientId;
    const loaded = await cache.get(a);
    assert.ok(loaded);
    await sleep(200); // past the TTL: it needs a refresh now
    db.down = true;

    // Served from the last known state: the first request tried the database, the rest do not wait.
    assert.equal((await cache.get(a))?.appId, loaded.appId);
    const tried = db.queries;
    for (let i = 0; i < 100; i++) assert.equal((await cache.get(a))?.appId, loaded.appId);
    assert.ok(db.queries - tried <= 1, `at most one probe per retry interval, not one per request (${db.queries - tried})`);
    assert.ok(n.stale >= 101, `cache.stale emitted (${n.stale})`);

    // A client that was never cached: the database's own error, for the endpoint to map to 503.
    await assert.rejects(cache.get(apps[6]!.clientId), (err: unknown) => err === db.lastError);

    // Beyond the window: refused with the database error, not served.
    await sleep(700); // the window closes 150 + 700 ms after the load
    await assert.rejects(cache.get(a), (err: unknown) => err instanceof Error && (err as NodeJS.ErrnoException).code === "ECONNREFUSED");

    // The database is back: a fresh load.
    db.down = false;
    assert.equal((await cache.get(a))?.appId, loaded.appId);
    const q = db.queries;
    await cache.get(a);
    assert.equal(db.queries, q, "fresh again: a hit");
  });

  test("stale-if-error off (0): past its TTL a client fails with the database", async () => {
    const db = observed();
    const cache = cacheOn(db, { ttlMs: 50, staleIfErrorMs: 0 });
    assert.ok(await cache.get(apps[7]!.clientId));
    await sleep(80);
    db.down = true;
    await assert.rejects(cache.get(apps[7]!.clientId), (err: unknown) => err === db.lastError);
  });

  test("an invalidation while a load runs never leaves the old state cached", async () => {
    const db = observed();
    const cache = cacheOn(db);
    const id = apps[8]!.clientId;
    const pending = cache.get(id);
    cache.invalidate(`client:${id}`);
    assert.equal((await pending)?.clientId, id, "the caller still gets an answer");
    await t.prisma.application.update({ where: { clientId: id }, data: { status: "disabled" } });
    cache.invalidate(`client:${id}`);
    assert.equal((await cache.get(id))?.status, "disabled");
  });
});

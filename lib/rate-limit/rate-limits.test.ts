// Unit tests of lib/rate-limit: the in-memory blocked keys, the Limiter over the memory store, the
// client-authentication, sign-in and registration policies, and — when TEST_DATABASE_URL is set —
// the PostgreSQL store: two pools (two instances) share one counter, and an unreachable or
// black-holed database never fails or hangs a limiter call.
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { KeyportEvents } from "../events/events";
import { BlockedKeys } from "./blocked-keys";
import { ALLOWED, Limiter } from "./limiter";
import { createLimiterStore, purgeExpiredCounters, RATE_LIMIT_TABLE, STORE_TIMEOUT_MS } from "./limiter-store";
import { createRateLimits } from "./rate-limits";
import { checkClientAuthAllowed, clientAddressKey, countClientAuthFailure } from "./client-auth-failures";
import { emailKey, limitSignInLink } from "./limit-sign-in-link";
import { limitAppRegistration, refundAppRegistration } from "./limit-app-registration";
import { describeWait, tryAgainIn } from "./retry-message";
import { createEmptyTestDatabase } from "../test-support/empty-test-database";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function limitsOf(overrides: Partial<Record<string, { points: number; durationSeconds: number } | null>> = {}) {
  const events = new KeyportEvents();
  const rejected: string[] = [];
  events.on("ratelimit.rejected", (e) => rejected.push(e.limiter));
  const limits = createRateLimits(
    {
      KEYPORT_LIMIT_AUTH_FAILURES_PER_CLIENT: { points: 3, durationSeconds: 60 },
      KEYPORT_LIMIT_AUTH_FAILURES_PER_ADDRESS: { points: 5, durationSeconds: 60 },
      KEYPORT_LIMIT_SIGNIN_PER_EMAIL: { points: 2, durationSeconds: 900 },
      KEYPORT_LIMIT_SIGNIN_PER_ADDRESS: { points: 4, durationSeconds: 900 },
      KEYPORT_LIMIT_REGISTER_PER_OWNER: { points: 2, durationSeconds: 3600 },
      KEYPORT_LIMIT_API_PER_APP: { points: 3, durationSeconds: 60 },
      ...overrides,
    },
    { pgPool: undefined },
    events,
  );
  return { limits, rejected };
}

describe("BlockedKeys", () => {
  test("a key is blocked for the given time, then forgotten", () => {
    let now = 1_000_000;
    const b = new BlockedKeys(() => now);
    assert.equal(b.msLeft("k"), 0);
    b.block("k", 5_000);
    assert.equal(b.msLeft("k"), 5_000);
    assert.equal(b.msLeft("other"), 0);
    now += 4_999;
    assert.equal(b.msLeft("k"), 1);
    now += 1;
    assert.equal(b.msLeft("k"), 0);
    assert.equal(b.size, 0, "an expired key is dropped when looked up");
  });

  test("a shorter block never shortens a longer one; non-positive durations are ignored", () => {
    let now = 0;
    const b = new BlockedKeys(() => now);
    b.block("k", 10_000);
    b.block("k", 1_000);
    assert.equal(b.msLeft("k"), 10_000);
    b.block("z", 0);
    b.block("z", -5);
    assert.equal(b.msLeft("z"), 0);
    now = 1;
    assert.equal(b.msLeft("k"), 9_999);
  });
});

describe("Limiter (memory store)", () => {
  test("points per window: the (points+1)th consume is refused with the time left, then memory answers", async () => {
    const events = new KeyportEvents();
    const rejected: string[] = [];
    events.on("ratelimit.rejected", (e) => rejected.push(e.limiter));
    const limit = { points: 3, durationSeconds: 30 };
    const l = new Limiter("t", limit, createLimiterStore(undefined, "t", limit), events);
    for (let i = 0; i < 3; i++) assert.deepEqual(await l.consume("a"), ALLOWED, `consume ${i + 1}`);
    assert.deepEqual(l.check("a"), ALLOWED, "check never counts");
    const refused = await l.consume("a");
    assert.equal(refused.allowed, false);
    assert.ok(!refused.allowed && refused.retryAfterSeconds >= 29 && refused.retryAfterSeconds <= 30, JSON.stringify(refused));
    const checked = l.check("a");
    assert.ok(!checked.allowed && checked.retryAfterSeconds >= 29, "refused keys are remembered in memory");
    assert.deepEqual(await l.consume("b"), ALLOWED, "other keys are unaffected");
    assert.deepEqual(rejected, ["t", "t"]);
  });

  test("the window ends: the key is allowed again", async () => {
    const limit = { points: 1, durationSeconds: 1 };
    const l = new Limiter("t", limit, createLimiterStore(undefined, "t", limit), new KeyportEvents());
    assert.equal((await l.consume("a")).allowed, true);
    assert.equal((await l.consume("a")).allowed, false);
    await sleep(1_100);
    assert.deepEqual(l.check("a"), ALLOWED);
    assert.equal((await l.consume("a")).allowed, true);
  });

  test("an off limit (null) allows everything and counts nothing", async () => {
    const l = new Limiter("off", null, null, new KeyportEvents());
    assert.equal(l.enabled, false);
    for (let i = 0; i < 100; i++) assert.deepEqual(await l.consume("a"), ALLOWED);
    assert.deepEqual(l.check("a"), ALLOWED);
  });

  test("refund gives a point back", async () => {
    const limit = { points: 1, durationSeconds: 60 };
    const l = new Limiter("t", limit, createLimiterStore(undefined, "t", limit), new KeyportEvents());
    assert.equal((await l.consume("a")).allowed, true);
    await l.refund("a");
    assert.equal((await l.consume("a")).allowed, true);
    assert.equal((await l.consume("a")).allowed, false);
  });
});

describe("client authentication failures", () => {
  test("pair keys: unambiguous, and none for ids that cannot be real", () => {
    assert.equal(clientAddressKey("abc", "10.0.0.1"), "3:abc@10.0.0.1");
    assert.notEqual(clientAddressKey("a@b", "c"), clientAddressKey("a", "b@c"));
    assert.equal(clientAddressKey("", "10.0.0.1"), null);
    assert.equal(clientAddressKey("x".repeat(129), "10.0.0.1"), null);
    assert.equal(clientAddressKey("a\u0000b", "10.0.0.1"), null);
    assert.equal(clientAddressKey("a\nb", "10.0.0.1"), null);
    assert.ok(clientAddressKey("x".repeat(128), "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255")!.length < 200);
  });

  test("a blocked pair is refused before authentication; the same client from another address is not", async () => {
    const { limits, rejected } = limitsOf();
    for (let i = 0; i < 3; i++) assert.deepEqual(await countClientAuthFailure(limits, "client-a", "10.0.0.1"), ALLOWED);
    assert.deepEqual(checkClientAuthAllowed(limits, "client-a", "10.0.0.1"), ALLOWED, "3 failures: at the limit, not over");
    const fourth = await countClientAuthFailure(limits, "client-a", "10.0.0.1");
    assert.ok(!fourth.allowed && fourth.retryAfterSeconds > 0 && fourth.retryAfterSeconds <= 60);
    const before = checkClientAuthAllowed(limits, "client-a", "10.0.0.1");
    assert.ok(!before.allowed, "the pair is refused from memory, whatever the secret");
    assert.deepEqual(checkClientAuthAllowed(limits, "client-a", "10.0.0.2"), ALLOWED, "another address");
    assert.deepEqual(checkClientAuthAllowed(limits, "client-b", "10.0.0.1"), ALLOWED, "another client");
    assert.deepEqual(rejected, ["auth_failures_per_client", "auth_failures_per_client"]);
  });

  test("many client_ids from one address hit the per-address limit", async () => {
    const { limits } = limitsOf();
    for (let i = 0; i < 5; i++) assert.deepEqual(await countClientAuthFailure(limits, `c${i}`, "10.0.0.9"), ALLOWED);
    const over = await countClientAuthFailure(limits, "c-new", "10.0.0.9");
    assert.equal(over.allowed, false);
    assert.equal(checkClientAuthAllowed(limits, "never-seen", "10.0.0.9").allowed, false);
    assert.deepEqual(checkClientAuthAllowed(limits, "never-seen", "10.0.0.10"), ALLOWED);
  });

  test("junk client_ids count against the address only", async () => {
    const { limits } = limitsOf({ KEYPORT_LIMIT_AUTH_FAILURES_PER_CLIENT: { points: 1, durationSeconds: 60 } });
    const junk = "\u0000".repeat(3) + "x".repeat(5000);
    for (let i = 0; i < 3; i++) assert.deepEqual(await countClientAuthFailure(limits, junk, "10.0.0.3"), ALLOWED);
    assert.deepEqual(checkClientAuthAllowed(limits, junk, "10.0.0.3"), ALLOWED);
  });

  test("limits set to off never refuse", async () => {
    const { limits } = limitsOf({ KEYPORT_LIMIT_AUTH_FAILURES_PER_CLIENT: null, KEYPORT_LIMIT_AUTH_FAILURES_PER_ADDRESS: null });
    for (let i = 0; i < 50; i++) assert.deepEqual(await countClientAuthFailure(limits, "c", "10.0.0.1"), ALLOWED);
    assert.deepEqual(checkClientAuthAllowed(limits, "c", "10.0.0.1"), ALLOWED);
  });
});

describe("sign-in links and registrations", () => {
  test("per email, case-insensitively, whatever the source address", async () => {
    const { limits } = limitsOf();
    assert.equal(emailKey(" Victim@Example.COM "), emailKey("victim@example.com"));
    assert.doesNotMatch(emailKey("victim@example.com"), /victim/);
    assert.deepEqual(await limitSignInLink(limits, { email: "victim@example.com", address: "10.0.0.1" }), ALLOWED);
    assert.deepEqual(await limitSignInLink(limits, { email: "VICTIM@example.com", address: "10.0.0.2" }), ALLOWED);
    const third = await limitSignInLink(limits, { email: "victim@example.com", address: "10.0.0.3" });
    assert.ok(!third.allowed && third.retryAfterSeconds > 890 && third.retryAfterSeconds <= 900);
    assert.deepEqual(await limitSignInLink(limits, { email: "other@example.com", address: "10.0.0.3" }), ALLOWED);
  });

  test("per source address, whatever the email", async () => {
    const { limits, rejected } = limitsOf();
    for (let i = 0; i < 4; i++) assert.deepEqual(await limitSignInLink(limits, { email: `u${i}@example.com`, address: "10.1.1.1" }), ALLOWED);
    assert.equal((await limitSignInLink(limits, { email: "u9@example.com", address: "10.1.1.1" })).allowed, false);
    assert.deepEqual(rejected, ["signin_per_address"]);
    // Without an address (next dev) only the email limit applies.
    for (let i = 0; i < 2; i++) assert.deepEqual(await limitSignInLink(limits, { email: "dev@example.com", address: null }), ALLOWED);
    assert.equal((await limitSignInLink(limits, { email: "dev@example.com", address: null })).allowed, false);
  });

  test("registrations per owner; a refunded attempt does not count", async () => {
    const { limits } = limitsOf();
    assert.deepEqual(await limitAppRegistration(limits, "owner-1"), ALLOWED);
    await refundAppRegistration(limits, "owner-1");
    assert.deepEqual(await limitAppRegistration(limits, "owner-1"), ALLOWED);
    assert.deepEqual(await limitAppRegistration(limits, "owner-1"), ALLOWED);
    const over = await limitAppRegistration(limits, "owner-1");
    assert.ok(!over.allowed && over.retryAfterSeconds > 3590);
    assert.deepEqual(await limitAppRegistration(limits, "owner-2"), ALLOWED);
  });

  test("wait descriptions", () => {
    assert.equal(describeWait(0), "1 second");
    assert.equal(describeWait(1), "1 second");
    assert.equal(describeWait(45), "45 seconds");
    assert.equal(describeWait(60), "1 minute");
    assert.equal(describeWait(61), "2 minutes");
    assert.equal(describeWait(720), "12 minutes");
    assert.equal(describeWait(3600), "1 hour");
    assert.equal(describeWait(3660), "1 hour 1 minute");
    assert.equal(describeWait(7500), "2 hours 5 minutes");
    assert.equal(tryAgainIn(700), "Try again in 12 minutes.");
  });
});

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
describe("PostgreSQL store", { skip: !TEST_DATABASE_URL && "TEST_DATABASE_URL is not set" }, () => {
  const pools: pg.Pool[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const holes: Array<() => Promise<void>> = [];
  after(async () => {
    // Black holes first (their sockets destroyed, pending connects fail), then pools, then databases.
    for (const c of holes) await c().catch(() => {});
    for (const p of pools) await p.end().catch(() => {});
    for (const c of cleanups) await c().catch(() => {});
  });

  async function database(): Promise<string> {
    const created = await createEmptyTestDatabase(TEST_DATABASE_URL!, "kp_unit_rl");
    cleanups.push(() => created.drop());
    const sql = fs.readFileSync(path.join(process.cwd(), "prisma/migrations/20261201000100_rate_limits/migration.sql"), "utf8");
    const c = new pg.Client({ connectionString: created.url });
    await c.connect();
    await c.query(sql);
    await c.end();
    return created.url;
  }
  const pool = (url: string, extra: pg.PoolConfig = {}) => {
    const p = new pg.Pool({ connectionString: url, max: 2, ...extra });
    p.on("error", () => {});
    pools.push(p);
    return p;
  };

  test("two instances (two pools) count into one shared counter", async () => {
    const url = await database();
    const limit = { points: 4, durationSeconds: 60 };
    const a = new Limiter("shared", limit, createLimiterStore(pool(url), "shared", limit), new KeyportEvents());
    const b = new Limiter("shared", limit, createLimiterStore(pool(url), "shared", limit), new KeyportEvents());
    assert.deepEqual(await a.consume("k"), ALLOWED);
    assert.deepEqual(await b.consume("k"), ALLOWED);
    assert.deepEqual(await a.consume("k"), ALLOWED);
    assert.deepEqual(await b.consume("k"), ALLOWED);
    const refused = await a.consume("k");
    assert.ok(!refused.allowed && refused.retryAfterSeconds > 55, "the 5th failure overall is refused though instance A saw only 3");
    assert.equal((await b.consume("k")).allowed, false, "and so is B's next");
    const rows = await pool(url).query(`SELECT key, points FROM "${RATE_LIMIT_TABLE}"`);
    assert.deepEqual(rows.rows, [{ key: "shared:k", points: 6 }]);
  });

  test("expired counters are purged", async () => {
    const url = await database();
    const p = pool(url);
    await p.query(`INSERT INTO "${RATE_LIMIT_TABLE}" VALUES ('x:old', 3, $1), ('x:live', 1, $2)`, [Date.now() - 120_000, Date.now() + 60_000]);
    await purgeExpiredCounters(p);
    assert.deepEqual((await p.query(`SELECT key FROM "${RATE_LIMIT_TABLE}"`)).rows, [{ key: "x:live" }]);
  });

  test("database refusing connections: the limiter still answers (in memory), never throws", async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const limit = { points: 2, durationSeconds: 60 };
    const l = new Limiter("down", limit, createLimiterStore(pool(`postgresql://postgres@127.0.0.1:${closed}/x`), "down", limit), new KeyportEvents());
    assert.deepEqual(await l.consume("k"), ALLOWED);
    assert.deepEqual(await l.consume("k"), ALLOWED);
    assert.equal((await l.consume("k")).allowed, false, "the insurance limiter keeps counting");
  });

  test("database black-holed (accepts, never answers): a limiter call returns within the store timeout", async () => {
    const sockets = new Set<net.Socket>();
    const hole = net.createServer((s) => sockets.add(s));
    await new Promise<void>((r) => hole.listen(0, "127.0.0.1", () => r()));
    holes.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => hole.close(() => r()));
    });
    const port = (hole.address() as net.AddressInfo).port;
    const limit = { points: 1, durationSeconds: 60 };
    const store = createLimiterStore(pool(`postgresql://postgres@127.0.0.1:${port}/x`, { connectionTimeoutMillis: 10_000 }), "hole", limit);
    const l = new Limiter("hole", limit, store, new KeyportEvents());
    const started = Date.now();
    assert.deepEqual(await l.consume("k"), ALLOWED);
    assert.equal((await l.consume("k")).allowed, false);
    const took = Date.now() - started;
    assert.ok(took < 2 * STORE_TIMEOUT_MS + 500, `took ${took} ms`);
  });
});

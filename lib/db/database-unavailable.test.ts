// isDatabaseUnavailable / isConnectionFailure against the errors each layer really produces: a pg
// pool pointed at a closed port and at a server that accepts and never answers, Prisma through
// @prisma/adapter-pg on both, PostgreSQL's own statement timeout (with TEST_DATABASE_URL), and
// errors that must NOT count (SQL errors, programming errors).
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { DatabaseUnavailableError, isConnectionFailure, isDatabaseUnavailable } from "./database-unavailable";
import { AvailabilityMonitor } from "./availability-monitor";

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("isDatabaseUnavailable", () => {
  let closedPort: number;
  let blackHole: net.Server;
  let blackHolePort: number;
  const held: net.Socket[] = [];

  before(async () => {
    const probe = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => probe.once("listening", r));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    blackHole = net.createServer((s) => held.push(s)).listen(0, "127.0.0.1");
    await new Promise((r) => blackHole.once("listening", r));
    blackHolePort = (blackHole.address() as net.AddressInfo).port;
  });
  after(async () => {
    for (const s of held) s.destroy();
    await new Promise((r) => blackHole.close(r));
  });

  const url = (port: number) => `postgresql://postgres@127.0.0.1:${port}/postgres`;

  test("pg: connection refused, connect timeout, read timeout", async () => {
    const refused = new pg.Pool({ connectionString: url(closedPort), connectionTimeoutMillis: 500 });
    const e1 = await errorOf(refused.query("SELECT 1"));
    assert.ok(isDatabaseUnavailable(e1) && isConnectionFailure(e1), String(e1));
    await refused.end();

    const silent = new pg.Pool({ connectionString: url(blackHolePort), connectionTimeoutMillis: 300 });
    const e2 = await errorOf(silent.query("SELECT 1"));
    assert.ok(isConnectionFailure(e2), String(e2));
    await silent.end().catch(() => {});

    const e3 = new Error("Query read timeout");
    assert.ok(isConnectionFailure(e3));
  });

  test("Prisma through @prisma/adapter-pg: refused and black-holed", async () => {
    for (const port of [closedPort, blackHolePort]) {
      const prisma = new PrismaClient({ adapter: new PrismaPg(new pg.Pool({ connectionString: url(port), connectionTimeoutMillis: 300 })) });
      const err = await errorOf(prisma.application.findUnique({ where: { clientId: "x" } }));
      assert.ok(isConnectionFailure(err), `port ${port}: ${String(err)}`);
      await prisma.$disconnect().catch(() => {});
    }
  });

  test("Keyport's own error, also when Prisma rewraps it", () => {
    const own = new DatabaseUnavailableError();
    assert.ok(isConnectionFailure(own));
    assert.ok(isConnectionFailure({ name: "PrismaClientKnownRequestError", code: "KEYPORT_DB_UNAVAILABLE", message: "…database unavailable" }));
    assert.ok(isConnectionFailure({ code: "P1001" }));
    assert.ok(isConnectionFailure({ meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } } }));
    assert.ok(isConnectionFailure(new Error("wrapped", { cause: Object.assign(new Error("x"), { code: "ECONNRESET" }) })));
  });

  test("overloaded, not unreachable: unavailable for the caller, no reason to call the database down", () => {
    for (const err of [{ code: "57014", severity: "ERROR", message: "canceling statement due to statement timeout" }, { code: "53300" }, { code: "P2024" }]) {
      assert.ok(isDatabaseUnavailable(err), JSON.stringify(err));
      assert.ok(!isConnectionFailure(err), JSON.stringify(err));
    }
  });

  test("ordinary errors are not outages", () => {
    for (const err of [
      new Error("boom"),
      new TypeError("x is undefined"),
      { code: "P2002", message: "Unique constraint failed" },
      { code: "23505", severity: "ERROR", message: "duplicate key" },
      { code: "42P01", message: "relation does not exist" },
      null,
      "ECONNREFUSED",
    ]) {
      assert.ok(!isDatabaseUnavailable(err), JSON.stringify(err));
    }
  });

  if (process.env.TEST_DATABASE_URL) {
    test("PostgreSQL's statement_timeout (57014), through pg and through Prisma", async () => {
      const pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, statement_timeout: 100 });
      const err = await errorOf(pool.query("SELECT pg_sleep(2)"));
      assert.ok(isDatabaseUnavailable(err) && !isConnectionFailure(err), String(err));
      const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
      const viaPrisma = await errorOf(prisma.$queryRawUnsafe("SELECT pg_sleep(2)"));
      assert.ok(isDatabaseUnavailable(viaPrisma) && !isConnectionFailure(viaPrisma), String(viaPrisma));
      await prisma.$disconnect();
    });
  }
});

describe("AvailabilityMonitor", () => {
  test("a reported connection failure runs the probe; only a failed probe means down; a good probe means up", async () => {
    let healthy = true;
    const changes: boolean[] = [];
    const failures: string[] = [];
    const m = new AvailabilityMonitor({
      probe: async () => {
        if (!healthy) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      },
      intervalMs: 50,
      onChange: (up) => changes.push(up),
      onFailure: (op) => failures.push(op),
    });
    let downs = 0;
    m.onDown(() => downs++);
    m.start();
    try {
      // One broken connection while the database is fine: counted, not down.
      m.report("query", new Error("Connection terminated unexpectedly"));
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(m.down, false);
      assert.equal(m.failures, 1);
      // Not a database error at all: ignored.
      m.report("query", new Error("boom"));
      assert.equal(m.failures, 1);

      healthy = false;
      m.report("query", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(m.down, true);
      assert.equal(downs, 1);

      healthy = true;
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(m.down, false);
      assert.deepEqual(changes, [false, true]);
      assert.ok(failures.includes("probe"));
    } finally {
      m.stop();
    }
  });

  test("never started (the CLI): never down", () => {
    const m = new AvailabilityMonitor({ probe: async () => Promise.reject(new Error("x")), intervalMs: 10 });
    m.report("query", Object.assign(new Error("x"), { code: "ECONNREFUSED" }));
    assert.equal(m.down, false);
  });
});

test("Auth.js's wrapping (AdapterError inside SessionTokenError: cause.err)", () => {
  const dbError = Object.assign(new Error("x"), { code: "KEYPORT_DB_UNAVAILABLE" });
  const adapterError = Object.assign(new Error("Read more at https://errors.authjs.dev#adaptererror"), { cause: { err: dbError } });
  const sessionError = Object.assign(new Error("Read more at https://errors.authjs.dev#sessiontokenerror"), { cause: { err: dbError } });
  assert.ok(isDatabaseUnavailable(adapterError));
  assert.ok(isDatabaseUnavailable(sessionError));
  assert.ok(!isDatabaseUnavailable(Object.assign(new Error("y"), { cause: { err: new Error("boom") } })));
});

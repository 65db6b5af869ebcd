// The recorder against a real, migrated database (PostgreSQL with TEST_DATABASE_URL, PGlite
// otherwise): batched writes, bounds, the outage path (a real driver talking to a port nobody
// listens on) and the purge.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import type { SqlSession } from "../db/database";
import { insertTestApp } from "../test-support/insert-test-app";
import { KeyportEvents } from "../events/events";
import { RequestLogRecorder } from "./request-log-recorder";
import { recordRequestLogEvents } from "./record-request-log-events";
import { REQUEST_LOG_MAX_SCOPE_CHARS, REQUEST_LOG_RETENTION_MS } from "./request-log-limits";
import type { IssuedEvent, TokenErrorEvent } from "./request-log-buffer";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_reqlog");
});
after(async () => t?.drop());

const insertApp = async (db: SqlSession) => (await insertTestApp(db)).id;

/** The real database, counting the statements it is sent. */
function counting(db: SqlSession): SqlSession & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    query: (sql, params) => (statements.push(sql), db.query(sql, params)),
    exec: (sql) => (statements.push(sql), db.exec(sql)),
  };
}

const issued = (appId: string, over: Partial<IssuedEvent> = {}): IssuedEvent => ({
  clientId: `kp_${appId}`,
  appId,
  durationMs: 1,
  grantType: "client_credentials",
  authMethod: "client_secret_basic",
  scope: "application.client",
  ip: "203.0.113.7",
  profile: "rfc6749",
  ...over,
});

interface Row {
  applicationId: string;
  at: Date;
  outcome: string;
  error: string | null;
  ip: string | null;
  authMethod: string | null;
  scope: string | null;
  profile: string | null;
  grantType: string | null;
}
const rowsOf = (appId: string) =>
  t.db.query<Row>(
    `SELECT "applicationId", "at", outcome, error, ip, "authMethod", scope, profile, "grantType" FROM "TokenRequestLog" WHERE "applicationId" = $1 ORDER BY "at", id`,
    [appId],
  );

test("events are buffered, and one flush writes them with one INSERT; nothing is written before", async () => {
  const app = await insertApp(t.db);
  const db = counting(t.db);
  const events = new KeyportEvents();
  const recorder = new RequestLogRecorder(db, { perAppPerWindow: 100, maxPerApp: 1000 });
  const off = recordRequestLogEvents(events, recorder);
  const before = Date.now();
  events.emit("token.issued", issued(app));
  events.emit("oauth.error", { endpoint: "token", error: "invalid_client", status: 401, durationMs: 1, appId: app, ip: "198.51.100.1", authMethod: "client_secret_post", profile: "rfc6749" });
  events.emit("oauth.error", { endpoint: "token", error: "invalid_scope", status: 400, durationMs: 1, appId: app, ip: "198.51.100.1", authMethod: "client_secret_basic", grantType: "client_credentials", scope: "admin.everything", profile: "rfc6749" });
  // Not kept: an unknown client (no application), and other endpoints.
  events.emit("oauth.error", { endpoint: "token", error: "invalid_client", status: 401, durationMs: 1, ip: "198.51.100.2" });
  events.emit("oauth.error", { endpoint: "introspection", error: "invalid_client", status: 401, durationMs: 1, appId: app });
  assert.equal(recorder.buffered, 3);
  assert.equal(db.statements.length, 0, "nothing is written on the request");
  assert.equal((await rowsOf(app)).length, 0);

  await recorder.flush();
  assert.equal(db.statements.length, 1, "one statement per flush");
  assert.match(db.statements[0]!, /^INSERT INTO "TokenRequestLog"/);
  const rows = await rowsOf(app);
  assert.equal(rows.length, 3);
  for (const r of rows) assert.ok(r.at.getTime() >= before - 5 && r.at.getTime() <= Date.now() + 5, `time of ${r.outcome}`);
  assert.deepEqual(
    rows.map(({ applicationId, outcome, error, ip, authMethod, scope, profile, grantType }) => ({ applicationId, outcome, error, ip, authMethod, scope, profile, grantType })),
    [
      { applicationId: app, outcome: "issued", error: null, ip: "203.0.113.7", authMethod: "client_secret_basic", scope: "application.client", profile: "rfc6749", grantType: "client_credentials" },
      { applicationId: app, outcome: "failed", error: "invalid_client", ip: "198.51.100.1", authMethod: "client_secret_post", scope: null, profile: "rfc6749", grantType: null },
      { applicationId: app, outcome: "failed", error: "invalid_scope", ip: "198.51.100.1", authMethod: "client_secret_basic", scope: "admin.everything", profile: "rfc6749", grantType: "client_credentials" },
    ],
  );
  // An empty buffer costs no statement.
  await recorder.flush();
  assert.equal(db.statements.length, 1);
  off();
  events.emit("token.issued", issued(app));
  assert.equal(recorder.buffered, 0, "unsubscribed");
});

test("a flood keeps a per-application sample per window; an attacker's long scope is cut; deleted apps are dropped", async () => {
  const busy = await insertApp(t.db);
  const quiet = await insertApp(t.db);
  const gone = await insertApp(t.db);
  const recorder = new RequestLogRecorder(t.db, { perAppPerWindow: 5, maxPerApp: 1000 });
  for (let i = 0; i < 200; i++) recorder.failed({ endpoint: "token", error: "invalid_scope", status: 400, durationMs: 1, appId: busy, scope: "x".repeat(5000) });
  recorder.issued(issued(quiet));
  recorder.issued(issued(gone));
  await t.db.query(`DELETE FROM "Application" WHERE id = $1`, [gone]);
  assert.equal(recorder.buffered, 7);
  await recorder.flush();
  const rows = await rowsOf(busy);
  assert.equal(rows.length, 5);
  assert.equal(rows[0]!.scope!.length, REQUEST_LOG_MAX_SCOPE_CHARS);
  assert.equal((await rowsOf(quiet)).length, 1);
  assert.equal((await rowsOf(gone)).length, 0);
  // The next window has a new sample.
  for (let i = 0; i < 20; i++) recorder.issued(issued(busy));
  await recorder.stop();
  assert.equal((await rowsOf(busy)).length, 10);
});

test("while the database is unreachable the buffer stays bounded, nothing throws, and the entries are written once it is back", async () => {
  const app = await insertApp(t.db);
  // A real driver against a port nobody listens on: every statement fails with ECONNREFUSED.
  const dead = new pg.Pool({ host: "127.0.0.1", port: 9, user: "postgres", database: "postgres", connectionTimeoutMillis: 500 });
  let down = true;
  const session: SqlSession = {
    query: (sql, params) => (down ? dead.query(sql, params as unknown[]).then((r) => r.rows) : t.db.query(sql, params)),
    exec: (sql) => (down ? dead.query(sql).then(() => undefined) : t.db.exec(sql)),
  };
  try {
    const recorder = new RequestLogRecorder(session, { perAppPerWindow: 50, maxPerApp: 10_000, maxEntries: 120 });
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 50; i++) recorder.issued(issued(app, { scope: `round${round}` }));
      await recorder.flush();
      assert.ok(recorder.buffered <= 120, `round ${round}: ${recorder.buffered} buffered`);
    }
    assert.equal(recorder.buffered, 120);
    down = false;
    await recorder.flush();
    assert.equal(recorder.buffered, 0);
    const rows = await rowsOf(app);
    assert.equal(rows.length, 120);
    // The oldest entries were kept: the first rounds, in order.
    assert.deepEqual([...new Set(rows.map((r) => r.scope))], ["round0", "round1", "round2"]);
  } finally {
    await dead.end();
  }
});

test("the purge deletes rows past 7 days and trims every application to its cap; trim() covers apps written since", async () => {
  const a = await insertApp(t.db);
  const b = await insertApp(t.db);
  const now = Date.now();
  const insert = (app: string, ats: number[]) =>
    t.db.query(
      `INSERT INTO "TokenRequestLog" ("applicationId", "at", outcome) SELECT $1, (u::timestamptz AT TIME ZONE 'UTC'), 'issued' FROM unnest($2::text[]) u`,
      [app, ats.map((x) => new Date(x).toISOString())],
    );
  // a: 3 rows older than the retention, 4 inside it. b: 12 recent rows.
  await insert(a, [now - REQUEST_LOG_RETENTION_MS - 60_000, now - REQUEST_LOG_RETENTION_MS - 1, now - 30 * 86_400_000]);
  await insert(a, [now - REQUEST_LOG_RETENTION_MS + 60_000, now - 86_400_000, now - 1000, now]);
  await insert(b, Array.from({ length: 12 }, (_, i) => now - i * 1000));
  const recorder = new RequestLogRecorder(t.db, { perAppPerWindow: 100, maxPerApp: 5 });
  const result = await recorder.purge(now);
  assert.equal(result.expired >= 3, true);
  const rowsA = await rowsOf(a);
  assert.equal(rowsA.length, 4);
  assert.ok(rowsA.every((r) => r.at.getTime() >= now - REQUEST_LOG_RETENTION_MS));
  const rowsB = await rowsOf(b);
  assert.equal(rowsB.length, 5);
  // The newest five are kept.
  assert.deepEqual(rowsB.map((r) => r.at.getTime()), [4, 3, 2, 1, 0].map((i) => now - i * 1000));

  // Written through the recorder: the periodic trim caps the applications it wrote.
  for (let i = 0; i < 8; i++) recorder.issued(issued(a), now + 1000 + i);
  await recorder.flush();
  assert.equal((await rowsOf(a)).length, 12);
  assert.equal(await recorder.trim(), 7);
  const trimmed = await rowsOf(a);
  assert.equal(trimmed.length, 5);
  assert.deepEqual(trimmed.map((r) => r.at.getTime()), [3, 4, 5, 6, 7].map((i) => now + 1000 + i));
  assert.equal(await recorder.trim(), 0, "nothing written since");
});

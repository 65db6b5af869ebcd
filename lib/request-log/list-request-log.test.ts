// Reading the request log: scoped to the caller's application, 7 days, outcome filter, keyset
// pages newest first, and the coverage figures behind the "sampled" note. Real database.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { insertTestApp, type TestApp } from "../test-support/insert-test-app";
import { AppError } from "../errors/app-error";
import { encodeRequestLogCursor, listRequestLog } from "./list-request-log";
import { RequestLogRecorder } from "./request-log-recorder";
import { REQUEST_LOG_RETENTION_MS } from "./request-log-limits";

let t: MigratedTestDatabase;
let app: TestApp;
let other: TestApp;
const NOW = Date.UTC(2026, 11, 1, 12, 30, 0);
/** The ref requireAppAccess (lib/teams/authorize.ts) hands a viewer of the app's team. */
const member = (a: TestApp) => ({ id: a.id, teamId: a.teamId, member: { userId: a.ownerId, roles: ["admin", "developer", "viewer"] as const } });

before(async () => {
  t = await createMigratedTestDatabase("kp_unit_reqlist");
  app = await insertTestApp(t.db);
  other = await insertTestApp(t.db);
  // Written the way the server writes them: through the recorder. 7 issued, 5 failed, 1 too old.
  const recorder = new RequestLogRecorder(t.db, { perAppPerWindow: 1000, maxPerApp: 1000 });
  for (let i = 0; i < 12; i++) {
    const at = NOW - (12 - i) * 60_000;
    if (i % 12 < 7) {
      recorder.issued({ clientId: app.clientId, appId: app.id, durationMs: 1, grantType: "client_credentials", authMethod: "client_secret_basic", scope: "application.client", ip: "203.0.113.9", profile: "rfc6749" }, at);
    } else {
      recorder.failed({ endpoint: "token", error: "invalid_scope", status: 400, durationMs: 1, appId: app.id, ip: "198.51.100.3", authMethod: "client_secret_post", scope: "nope", profile: "rfc6749" }, at);
    }
  }
  recorder.issued({ clientId: app.clientId, appId: app.id, durationMs: 1, grantType: "client_credentials", authMethod: "client_secret_basic", scope: "application.client", ip: "203.0.113.9", profile: "rfc6749" }, NOW - REQUEST_LOG_RETENTION_MS - 1000);
  recorder.issued({ clientId: other.clientId, appId: other.id, durationMs: 1, grantType: "client_credentials", authMethod: "client_secret_basic", scope: "application.client", ip: "203.0.113.1", profile: "rfc6749" }, NOW - 1000);
  await recorder.stop();
});
after(async () => t?.drop());

test("an owner's page: newest first, last 7 days, every field", async () => {
  const page = await listRequestLog(t.prisma, { app: member(app), now: NOW });
  assert.deepEqual(page.app, { id: app.id, clientId: app.clientId, name: `App ${app.id.slice(4)}` });
  assert.equal(page.items.length, 12, "the row older than 7 days is not shown");
  assert.deepEqual(page.items.map((r) => r.at.getTime()), Array.from({ length: 12 }, (_, i) => NOW - (i + 1) * 60_000));
  assert.equal(page.nextCursor, null);
  assert.equal(page.since.getTime(), NOW - REQUEST_LOG_RETENTION_MS);
  const { id, at, ...newest } = page.items[0]!;
  assert.match(id, /^\d+$/);
  assert.ok(at instanceof Date);
  assert.deepEqual(newest, { outcome: "failed", error: "invalid_scope", ip: "198.51.100.3", authMethod: "client_secret_post", scope: "nope", profile: "rfc6749", grantType: null });
  const { id: _i, at: _a, ...oldest } = page.items[11]!;
  assert.deepEqual(oldest, { outcome: "issued", error: null, ip: "203.0.113.9", authMethod: "client_secret_basic", scope: "application.client", profile: "rfc6749", grantType: "client_credentials" });
  // By client_id as well.
  assert.equal((await listRequestLog(t.prisma, { app: { ...member(app), id: app.clientId }, now: NOW })).items.length, 12);
});

test("another team's application is not found; admins (a bare id) see it", async () => {
  const notFound = (e: unknown) => e instanceof AppError && e.code === "not_found";
  await assert.rejects(listRequestLog(t.prisma, { app: { ...member(other), id: app.id }, now: NOW }), notFound);
  await assert.rejects(listRequestLog(t.prisma, { app: { id: app.id, teamId: other.teamId }, now: NOW }), notFound);
  await assert.rejects(listRequestLog(t.prisma, { app: { ...member(app), id: "nope" } }), notFound);
  // Removed from the team: not found from the next request on.
  await t.db.query(`DELETE FROM "TeamMember" WHERE "userId" = $1`, [other.ownerId]);
  await assert.rejects(listRequestLog(t.prisma, { app: member(other), now: NOW }), notFound);
  assert.equal((await listRequestLog(t.prisma, { app: { id: app.id }, now: NOW })).items.length, 12);
});

test("the outcome filter and cursor pagination walk every row once, newest first", async () => {
  const issued = await listRequestLog(t.prisma, { app: { id: app.id }, outcome: "issued", now: NOW });
  assert.equal(issued.items.length, 7);
  assert.ok(issued.items.every((r) => r.outcome === "issued"));
  const failed = await listRequestLog(t.prisma, { app: { id: app.id }, outcome: "failed", now: NOW });
  assert.equal(failed.items.length, 5);
  assert.ok(failed.items.every((r) => r.outcome === "failed" && r.error === "invalid_scope"));

  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<typeof listRequestLog>> = await listRequestLog(t.prisma, { app: { id: app.id }, cursor, pageSize: 5, now: NOW });
    seen.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.equal(seen.length, 12);
  assert.equal(new Set(seen).size, 12);
  const all = await listRequestLog(t.prisma, { app: { id: app.id }, now: NOW });
  assert.deepEqual(seen, all.items.map((r) => r.id));
});

test("bad input is a 400 AppError, never a crash", async () => {
  for (const input of [{ outcome: "everything" }, { cursor: "not-a-cursor" }, { cursor: Buffer.from("2026-01-01T00:00:00.000Z|1|2").toString("base64url") }, { cursor: "x".repeat(500) }]) {
    await assert.rejects(
      listRequestLog(t.prisma, { app: { id: app.id }, ...input }),
      (e: unknown) => e instanceof AppError && e.code === "invalid_input",
      JSON.stringify(input),
    );
  }
  // A well-formed cursor of another app's row just yields rows of this app older than it.
  const page = await listRequestLog(t.prisma, { app: { id: app.id }, cursor: encodeRequestLogCursor({ at: new Date(NOW - 6.5 * 60_000), id: 0n }), now: NOW });
  assert.equal(page.items.length, 6);
});

test("coverage compares the never-sampled usage counters with the entries kept", async () => {
  const before = await listRequestLog(t.prisma, { app: { id: app.id }, now: NOW });
  assert.deepEqual(before.coverage, { counted: 0, kept: 12 });
  // The usage counters saw 40 requests in the window (and some before it, which do not count).
  await t.db.query(
    `INSERT INTO "TokenUsage" ("applicationId", hour, issued, failed) VALUES
       ($1, ($2::timestamptz AT TIME ZONE 'UTC'), 30, 10),
       ($1, ($3::timestamptz AT TIME ZONE 'UTC'), 500, 0)`,
    [app.id, new Date(NOW - (NOW % 3_600_000)).toISOString(), new Date(NOW - REQUEST_LOG_RETENTION_MS - 3_600_000).toISOString()],
  );
  const after = await listRequestLog(t.prisma, { app: { id: app.id }, now: NOW });
  assert.deepEqual(after.coverage, { counted: 40, kept: 12 });
});

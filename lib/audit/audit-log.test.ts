// Audit log query and CSV export against real PostgreSQL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "../apps/register-app";
import { changeAppStatus } from "../apps/change-app-status";
import { queryAuditEvents } from "./query-audit-events";
import { exportAuditCsv } from "./export-audit-csv";
import { AppError } from "../errors/app-error";
import type { Actor } from "./actor";

const admin: Actor = { type: "admin", id: "a1", email: "root@example.com", ip: "10.0.0.1", userAgent: "Mozilla/5.0 (test)" };
const owner: Actor = { type: "user", id: "o1", email: "owner@example.com", ip: "10.0.0.2", userAgent: "=cmd|'/C calc'!A0" };
let t: MigratedTestDatabase;
let appId = "";
let clientId = "";

before(async () => {
  t = await createMigratedTestDatabase();
  const reg = await registerApp(
    t.prisma,
    { name: "=HYPERLINK(\"http://evil\")", scopes: ["application.client"], ownerEmail: "owner@example.com" },
    owner,
    { pepper: t.config.secret, defaultTokenLifetime: 3600, preApproved: false },
  );
  appId = reg.app.id;
  clientId = reg.app.clientId;
  await changeAppStatus(t.prisma, { id: appId }, "disable", admin, "Leaked, see ticket 42, \"urgent\"");
  await changeAppStatus(t.prisma, { id: appId }, "enable", admin);
  // Older history for pagination and time filters.
  await t.db.exec(`INSERT INTO "AuditEvent" (at, "actorType", "actorEmail", action) SELECT now() - (i || ' hours')::interval, 'cli', NULL, 'key.rotate' FROM generate_series(1, 120) i`);
});
after(async () => {
  await t?.drop();
});

test("filters by actor, action, application (id or client_id) and time range", async () => {
  const byActor = await queryAuditEvents(t.prisma, { actor: "ROOT@example.com" });
  assert.deepEqual(byActor.items.map((e) => e.action), ["app.enable", "app.disable"]);
  assert.equal(byActor.items[1]!.ip, "10.0.0.1");
  assert.equal(byActor.items[1]!.userAgent, "Mozilla/5.0 (test)");

  const byApp = await queryAuditEvents(t.prisma, { app: clientId });
  assert.deepEqual(byApp.items.map((e) => e.action), ["app.enable", "app.disable", "app.create"]);
  assert.deepEqual((await queryAuditEvents(t.prisma, { app: appId })).items.length, 3);

  const byAction = await queryAuditEvents(t.prisma, { action: "app.create" });
  assert.equal(byAction.items.length, 1);
  assert.equal(byAction.items[0]!.actorEmail, "owner@example.com");

  const now = Date.now();
  const window = await queryAuditEvents(t.prisma, {
    action: "key.rotate",
    from: new Date(now - 10.5 * 3600_000).toISOString(),
    to: new Date(now - 0.5 * 3600_000).toISOString().slice(0, 16), // datetime-local form, read as UTC
  });
  assert.equal(window.items.length, 10);

  await assert.rejects(queryAuditEvents(t.prisma, { from: "yesterday-ish" }), (e: unknown) => e instanceof AppError && e.code === "invalid_input");
  await assert.rejects(queryAuditEvents(t.prisma, {}, { cursor: "garbage" }), (e: unknown) => e instanceof AppError && e.code === "invalid_input");
});

test("keyset pagination walks the whole log once, newest first", async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await queryAuditEvents(t.prisma, {}, { cursor, pageSize: 25 });
    seen.push(...page.items.map((e) => String(e.id)));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  const total = await t.prisma.auditEvent.count();
  assert.equal(seen.length, total);
  assert.equal(new Set(seen).size, total);
  assert.equal(pages, Math.ceil(total / 25));
});

test("CSV export: header, RFC 4180 quoting, formula cells neutralised, filter applied", async () => {
  let csv = "";
  for await (const chunk of exportAuditCsv(t.prisma, { app: clientId })) csv += chunk;
  const lines = csv.split("\r\n");
  assert.equal(lines[0], "id,at,actor_type,actor_id,actor_email,action,target_type,target_id,application_id,ip,user_agent,details");
  assert.equal(lines.at(-1), "", "every record ends with CRLF");
  assert.equal(lines.length, 1 + 3 + 1);
  assert.match(lines[2]!, /,root@example\.com,app\.disable,application,/);
  // The reason contains a comma and quotes: the JSON cell is quoted, its quotes doubled.
  assert.ok(lines[2]!.includes(`""reason"":""Leaked, see ticket 42, \\""urgent\\""""`), lines[2]);
  assert.match(lines[2]!, /,"\{""[^\r\n]*\}"$/);
  // A user agent (attacker-controlled) starting with '=' must not reach a spreadsheet as a formula.
  assert.ok(!/(^|,)"?=/.test(lines[3]!), lines[3]);
  assert.ok(lines[3]!.includes(`,'=cmd|'/C calc'!A0,`), lines[3]);

  let all = "";
  for await (const chunk of exportAuditCsv(t.prisma, {}, 50)) all += chunk;
  assert.equal(all.split("\r\n").length, 1 + 50 + 1, "the row cap is honoured");
});

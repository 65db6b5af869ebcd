// Scope catalog against a real PostgreSQL database: create, edit, needs-approval, retire.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "../apps/register-app";
import { createScope } from "./create-scope";
import { updateScope } from "./update-scope";
import { listScopes } from "./list-scopes";
import { listScopeGrants } from "./list-scope-grants";
import { retireScope, restoreScope } from "./retire-scope";
import { AppError } from "../errors/app-error";
import type { Actor } from "../audit/actor";

const admin: Actor = { type: "admin", id: "u1", email: "root@example.com", ip: "127.0.0.1", userAgent: "node:test" };
let t: MigratedTestDatabase;

before(async () => {
  t = await createMigratedTestDatabase();
});
after(async () => {
  await t?.drop();
});

async function register(scopes: string[], preApproved = false) {
  return registerApp(
    t.prisma,
    { name: `app ${Math.random()}`, scopes, ownerEmail: "owner@example.com" },
    { type: "user", email: "owner@example.com" },
    { pepper: t.config.secret, defaultTokenLifetime: 3600, preApproved },
  );
}

test("create a scope, then owners can register with it; duplicates and bad names are refused", async () => {
  const scope = await createScope(t.prisma, { name: "reports.read", description: "Read reports", requiresApproval: "" }, admin);
  assert.equal(scope.requiresApproval, false);
  const { app } = await register(["reports.read"]);
  assert.equal(app.status, "active");

  await assert.rejects(createScope(t.prisma, { name: "reports.read", description: "again" }, admin), (e: unknown) => e instanceof AppError && e.code === "conflict");
  await assert.rejects(createScope(t.prisma, { name: "has space", description: "x" }, admin), (e: unknown) => e instanceof AppError && e.code === "invalid_input" && "name" in e.fieldErrors);
  await assert.rejects(createScope(t.prisma, { name: "ok.name", description: " " }, admin), (e: unknown) => e instanceof AppError && "description" in e.fieldErrors);

  const events = await t.prisma.auditEvent.findMany({ where: { action: "scope.create", targetId: "reports.read" } });
  assert.equal(events.length, 1);
  assert.equal(events[0]!.actorEmail, "root@example.com");
  assert.equal(events[0]!.ip, "127.0.0.1");
});

test("marking a scope as needing approval makes new registrations pending", async () => {
  await createScope(t.prisma, { name: "billing.write", description: "Write billing", requiresApproval: "on" }, admin);
  await updateScope(t.prisma, { name: "billing.write", description: "Write invoices" }, admin);
  const updated = await updateScope(t.prisma, { name: "billing.write", requiresApproval: false }, admin);
  assert.equal(updated.description, "Write invoices");
  assert.equal(updated.requiresApproval, false);
  assert.equal((await register(["billing.write"])).app.status, "active");
  await updateScope(t.prisma, { name: "billing.write", requiresApproval: true }, admin);
  assert.equal((await register(["billing.write"])).app.status, "pending");
  const updates = await t.prisma.auditEvent.count({ where: { action: "scope.update", targetId: "billing.write" } });
  assert.equal(updates, 3);
  // No change, no audit noise.
  await updateScope(t.prisma, { name: "billing.write", requiresApproval: true }, admin);
  assert.equal(await t.prisma.auditEvent.count({ where: { action: "scope.update", targetId: "billing.write" } }), 3);
});

test("retiring lists existing grants first, needs their count confirmed, and blocks new requests", async () => {
  await createScope(t.prisma, { name: "legacy.sync", description: "Old sync API" }, admin);
  const a = await register(["legacy.sync"]);
  const b = await register(["legacy.sync", "reports.read"]);
  const grants = await listScopeGrants(t.prisma, "legacy.sync");
  assert.equal(grants.total, 2);
  assert.deepEqual(new Set(grants.apps.map((g) => g.clientId)), new Set([a.app.clientId, b.app.clientId]));
  assert.equal(grants.apps[0]!.ownerEmail, "owner@example.com");

  // The admin reviewed 1 grant but there are 2: refuse.
  await assert.rejects(retireScope(t.prisma, "legacy.sync", 1, admin), (e: unknown) => e instanceof AppError && e.code === "conflict");
  await retireScope(t.prisma, "legacy.sync", 2, admin);

  await assert.rejects(register(["legacy.sync"]), (e: unknown) => e instanceof AppError && /retired/.test(e.fieldErrors.scopes?.[0] ?? ""));
  const listed = await listScopes(t.prisma);
  const legacy = listed.find((s) => s.name === "legacy.sync")!;
  assert.ok(legacy.retiredAt);
  assert.equal(legacy.grantCount, 2);
  assert.equal(listed.at(-1)!.name, "legacy.sync", "retired scopes are listed last");
  assert.ok(!(await listScopes(t.prisma, { includeRetired: false })).some((s) => s.name === "legacy.sync"));

  await restoreScope(t.prisma, "legacy.sync", admin);
  assert.equal((await register(["legacy.sync"])).app.status, "active");
  const actions = (await t.prisma.auditEvent.findMany({ where: { targetId: "legacy.sync" }, orderBy: { id: "asc" } })).map((e) => e.action);
  assert.deepEqual(actions, ["scope.create", "scope.retire", "scope.restore"]);
});

// Overview stats, pending approvals and the per-app secret expiry policy against real PostgreSQL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "../apps/register-app";
import { changeAppStatus } from "../apps/change-app-status";
import { rotateClientSecret } from "../secrets/rotate-client-secret";
import { setSecretExpiryPolicy } from "../secrets/set-secret-expiry-policy";
import { getOverviewStats } from "./get-overview-stats";
import { listPendingApprovals } from "./list-pending-approvals";
import { AppError } from "../errors/app-error";
import type { Actor } from "../audit/actor";

const admin: Actor = { type: "admin", id: "a1", email: "root@example.com", ip: "127.0.0.1", userAgent: "node:test" };
let t: MigratedTestDatabase;

before(async () => {
  t = await createMigratedTestDatabase();
});
after(async () => {
  await t?.drop();
});

function register(scopes: string[], name = "app") {
  return registerApp(t.prisma, { name, scopes, ownerEmail: "owner@example.com" }, { type: "user", email: "owner@example.com" }, {
    pepper: t.config.secret,
    defaultTokenLifetime: 3600,
    preApproved: false,
  });
}

test("pending approvals: apps asking for a scope that needs approval, oldest first, with the reason", async () => {
  const first = await register(["domain.manage", "application.client"], "first");
  const second = await register(["domain.manage"], "second");
  await register(["application.client"], "not pending");
  const pending = await listPendingApprovals(t.prisma);
  assert.equal(pending.total, 2);
  assert.deepEqual(pending.items.map((p) => p.name), ["first", "second"]);
  assert.deepEqual(pending.items[0]!.privilegedScopes, ["domain.manage"]);
  assert.equal(pending.items[0]!.ownerEmail, "owner@example.com");

  await changeAppStatus(t.prisma, { id: first.app.clientId }, "approve", admin);
  await changeAppStatus(t.prisma, { id: second.app.id }, "deny", admin, "Not needed for your use case");
  assert.equal((await listPendingApprovals(t.prisma)).total, 0);
  const denied = await t.prisma.application.findUniqueOrThrow({ where: { id: second.app.id } });
  assert.equal(denied.status, "disabled");
  assert.equal(denied.statusReason, "Not needed for your use case");
});

test("secret expiry policy applies to secrets issued afterwards and is audited", async () => {
  const { app, secret: original } = await register(["application.client"], "policy");
  assert.equal(original.expiresAt, null);
  const now = new Date("2026-11-23T12:00:00Z");
  const set = await setSecretExpiryPolicy(t.prisma, { id: app.id }, 72 * 3600, admin);
  assert.deepEqual(set, { secretTtlSeconds: 259_200, changed: true });
  // The existing secret keeps its (absent) expiry.
  assert.equal((await t.prisma.clientSecret.findUniqueOrThrow({ where: { id: original.id } })).expiresAt, null);
  const rotated = await rotateClientSecret(t.prisma, { id: app.id }, 3600, admin, t.config.secret, now);
  assert.equal(rotated.secret.expiresAt?.toISOString(), "2026-11-26T12:00:00.000Z");

  assert.equal((await setSecretExpiryPolicy(t.prisma, { id: app.id }, 72 * 3600, admin)).changed, false);
  await setSecretExpiryPolicy(t.prisma, { id: app.id }, null, admin);
  const again = await rotateClientSecret(t.prisma, { id: app.id }, 0, admin, t.config.secret, now);
  assert.equal(again.secret.expiresAt, null);

  await assert.rejects(setSecretExpiryPolicy(t.prisma, { id: app.id }, 60, admin), (e: unknown) => e instanceof AppError && e.code === "invalid_input");
  await assert.rejects(setSecretExpiryPolicy(t.prisma, { id: "nope" }, 3600, admin), (e: unknown) => e instanceof AppError && e.code === "not_found");
  const events = await t.prisma.auditEvent.findMany({ where: { action: "app.secret_policy", applicationId: app.id }, orderBy: { id: "asc" } });
  assert.deepEqual(events.map((e) => e.details), [{ from: null, to: 259_200 }, { from: 259_200, to: null }]);
  assert.equal(events[0]!.actorEmail, "root@example.com");
});

test("overview stats: apps by status and 30 zero-filled UTC days of issued and failed tokens", async () => {
  const now = new Date("2026-11-23T15:30:00Z");
  const { app } = await register(["application.client"], "busy");
  await t.prisma.tokenUsage.createMany({
    data: [
      { applicationId: app.id, hour: new Date("2026-11-23T09:00:00Z"), issued: 5, failed: 1 },
      { applicationId: app.id, hour: new Date("2026-11-23T14:00:00Z"), issued: 7, failed: 0 },
      { applicationId: app.id, hour: new Date("2026-11-20T23:00:00Z"), issued: 3, failed: 0 },
      { applicationId: app.id, hour: new Date("2026-10-01T10:00:00Z"), issued: 1000, failed: 0 }, // outside the window
    ],
  });
  await t.prisma.tokenFailure.createMany({
    data: [
      { hour: new Date("2026-11-23T10:00:00Z"), error: "invalid_client", count: 4 },
      { hour: new Date("2026-11-23T11:00:00Z"), error: "invalid_scope", count: 2 },
      { hour: new Date("2026-11-22T11:00:00Z"), error: "invalid_client", count: 9 },
    ],
  });
  const stats = await getOverviewStats(t.prisma, 30, now);
  const counts = await t.prisma.application.groupBy({ by: ["status"], _count: { _all: true } });
  const expect = Object.fromEntries(counts.map((c) => [c.status, c._count._all]));
  assert.equal(stats.apps.active, expect.active ?? 0);
  assert.equal(stats.apps.disabled, expect.disabled ?? 0);
  assert.equal(stats.apps.total, await t.prisma.application.count());
  assert.equal(stats.pendingApprovals, stats.apps.pending);
  assert.equal(stats.days.length, 30);
  assert.equal(stats.days[0]!.day, "2026-10-25");
  assert.equal(stats.days.at(-1)!.day, "2026-11-23");
  assert.equal(stats.tokensIssuedToday, 12);
  assert.equal(stats.failedToday, 6);
  assert.deepEqual(stats.days.find((d) => d.day === "2026-11-20"), { day: "2026-11-20", issued: 3, failed: 0 });
  assert.deepEqual(stats.days.find((d) => d.day === "2026-11-22"), { day: "2026-11-22", issued: 0, failed: 9 });
  assert.equal(stats.days.reduce((n, d) => n + d.issued, 0), 15);
});

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "../apps/register-app";
import { cliActor } from "../audit/actor";
import { UsageRecorder } from "./usage-recorder";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_usage");
});
after(async () => t?.drop());

test("counts are aggregated in memory and written in one batch per flush; stop() flushes what is left", async () => {
  const prisma = t.db.prisma;
  const { app } = await registerApp(prisma, { name: "U", ownerEmail: "u@example.com", scopes: ["application.client"] }, cliActor(), {
    pepper: t.config.secret,
    defaultTokenLifetime: 900,
    preApproved: true,
  });
  const usage = new UsageRecorder(t.db);
  const hour = Date.UTC(2026, 10, 23, 10, 0, 0);
  for (let i = 0; i < 5; i++) usage.issued(app.id, hour + 1000 * i);
  usage.failed("invalid_scope", app.id, hour + 10);
  usage.failed("invalid_client", undefined, hour + 20);
  assert.equal(await prisma.tokenUsage.count(), 0, "nothing written before a flush");
  await usage.flush();
  usage.issued(app.id, hour + 5000);
  usage.issued("deleted-app", hour + 5000); // an app deleted meanwhile: dropped, not an error
  await usage.stop();
  const row = await prisma.tokenUsage.findUniqueOrThrow({ where: { applicationId_hour: { applicationId: app.id, hour: new Date(hour) } } });
  assert.equal(row.issued, 6);
  assert.equal(row.failed, 1);
  const failures = await prisma.tokenFailure.findMany({ orderBy: { error: "asc" } });
  assert.deepEqual(failures.map((f) => [f.error, f.count, f.hour.getTime()]), [["invalid_client", 1, hour], ["invalid_scope", 1, hour]]);
  const updated = await prisma.application.findUniqueOrThrow({ where: { id: app.id }, select: { lastTokenAt: true } });
  assert.equal(updated.lastTokenAt?.getTime(), hour + 5000);
});

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase as createTestDatabase, type MigratedTestDatabase as TestDatabase } from "../test-support/migrated-test-database";
import { getAppUsage, getIssuedTotals } from "./get-app-usage";
import { findOrCreateUser } from "../teams/find-or-create-user";

let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase("kp_portal");
});
after(async () => {
  await tdb?.drop();
});

test("daily series over 30 UTC days with gaps filled, and 30-day totals per app", async () => {
  const owner = await findOrCreateUser(tdb.prisma, "usage@example.com");
  const mk = (clientId: string) =>
    tdb.prisma.application.create({ data: { clientId, name: clientId, ownerId: owner.id, teamId: owner.personalTeamId, scopes: [], audiences: [] }, select: { id: true } });
  const a = await mk("kp_a");
  const b = await mk("kp_b");
  const now = Date.parse("2026-11-23T10:30:00Z");
  const h = (iso: string) => new Date(iso);
  await tdb.prisma.tokenUsage.createMany({
    data: [
      { applicationId: a.id, hour: h("2026-11-23T09:00:00Z"), issued: 3, failed: 1 },
      { applicationId: a.id, hour: h("2026-11-23T00:00:00Z"), issued: 2, failed: 0 },
      { applicationId: a.id, hour: h("2026-11-20T13:00:00Z"), issued: 5, failed: 0 },
      { applicationId: a.id, hour: h("2026-10-24T23:00:00Z"), issued: 100, failed: 0 }, // day 31: outside
      { applicationId: b.id, hour: h("2026-11-22T08:00:00Z"), issued: 7, failed: 2 },
    ],
  });
  const series = await getAppUsage(tdb.prisma, a.id, 30, now);
  assert.equal(series.length, 30);
  assert.equal(series[0]!.day, "2026-10-25");
  assert.deepEqual(series[29], { day: "2026-11-23", issued: 5, failed: 1 });
  assert.deepEqual(series.find((d) => d.day === "2026-11-20"), { day: "2026-11-20", issued: 5, failed: 0 });
  assert.equal(series.reduce((s, d) => s + d.issued, 0), 10);

  const totals = await getIssuedTotals(tdb.prisma, [a.id, b.id, "missing"], 30, now);
  assert.equal(totals.get(a.id), 10);
  assert.equal(totals.get(b.id), 7);
  assert.equal(totals.get("missing"), 0);
});

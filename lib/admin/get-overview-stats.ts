import type { PrismaClient } from "../generated/prisma/client";

export interface DayCount {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  issued: number;
  failed: number;
}

export interface OverviewStats {
  apps: { pending: number; active: number; disabled: number; total: number };
  pendingApprovals: number;
  tokensIssuedToday: number;
  failedToday: number;
  /** The last `days` UTC days, oldest first, zero-filled. */
  days: DayCount[];
}

const DAY_MS = 86_400_000;

function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Overview numbers for the admin console. Token counts come from the hourly rollups
 * (TokenUsage per app, TokenFailure per error code, so failures of unknown clients count too),
 * summed per UTC day in the database: at most 24 × days rows leave it.
 */
export async function getOverviewStats(prisma: PrismaClient, days = 30, now = new Date()): Promise<OverviewStats> {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(todayStart - (days - 1) * DAY_MS);
  const [byStatus, issuedRows, failedRows] = await Promise.all([
    prisma.application.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.$queryRaw<Array<{ day: Date; issued: bigint }>>`
      SELECT date_trunc('day', "hour") AS day, sum("issued")::bigint AS issued
      FROM "TokenUsage" WHERE "hour" >= ${since} GROUP BY 1`,
    prisma.$queryRaw<Array<{ day: Date; failed: bigint }>>`
      SELECT date_trunc('day', "hour") AS day, sum("count")::bigint AS failed
      FROM "TokenFailure" WHERE "hour" >= ${since} GROUP BY 1`,
  ]);
  const apps = { pending: 0, active: 0, disabled: 0, total: 0 };
  for (const row of byStatus) {
    apps[row.status] = row._count._all;
    apps.total += row._count._all;
  }
  const series = new Map<string, DayCount>();
  for (let i = 0; i < days; i++) {
    const day = utcDay(new Date(since.getTime() + i * DAY_MS));
    series.set(day, { day, issued: 0, failed: 0 });
  }
  for (const r of issuedRows) {
    const d = series.get(utcDay(new Date(r.day)));
    if (d) d.issued = Number(r.issued);
  }
  for (const r of failedRows) {
    const d = series.get(utcDay(new Date(r.day)));
    if (d) d.failed = Number(r.failed);
  }
  const list = [...series.values()];
  const today = list[list.length - 1];
  return {
    apps,
    pendingApprovals: apps.pending,
    tokensIssuedToday: today?.issued ?? 0,
    failedToday: today?.failed ?? 0,
    days: list,
  };
}

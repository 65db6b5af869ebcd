// Read side of token usage (the write side is usage-recorder.ts): per-day series for one
// application and 30-day totals for a list of applications. Days are UTC.
import type { PrismaClient } from "../generated/prisma/client";

const DAY_MS = 86_400_000;

export interface DailyUsage {
  /** YYYY-MM-DD (UTC). */
  day: string;
  issued: number;
  failed: number;
}

function startOfUtcDay(t: number): number {
  return t - (t % DAY_MS);
}

/**
 * Tokens issued and failed per day over the last `days` days (today included), oldest first,
 * with zero days filled in. The caller has already checked the application is the user's.
 */
export async function getAppUsage(prisma: PrismaClient, applicationId: string, days = 30, now = Date.now()): Promise<DailyUsage[]> {
  const first = startOfUtcDay(now) - (days - 1) * DAY_MS;
  const rows = await prisma.tokenUsage.findMany({
    where: { applicationId, hour: { gte: new Date(first) } },
    select: { hour: true, issued: true, failed: true },
  });
  const series: DailyUsage[] = Array.from({ length: days }, (_, i) => ({
    day: new Date(first + i * DAY_MS).toISOString().slice(0, 10),
    issued: 0,
    failed: 0,
  }));
  for (const r of rows) {
    const i = Math.floor((r.hour.getTime() - first) / DAY_MS);
    const slot = series[i];
    if (!slot) continue;
    slot.issued += r.issued;
    slot.failed += r.failed;
  }
  return series;
}

/** Tokens issued in the last `days` days for each application id (missing ids → 0). */
export async function getIssuedTotals(prisma: PrismaClient, applicationIds: string[], days = 30, now = Date.now()): Promise<Map<string, number>> {
  const totals = new Map<string, number>(applicationIds.map((id) => [id, 0]));
  if (applicationIds.length === 0) return totals;
  const first = startOfUtcDay(now) - (days - 1) * DAY_MS;
  const rows = await prisma.tokenUsage.groupBy({
    by: ["applicationId"],
    where: { applicationId: { in: applicationIds }, hour: { gte: new Date(first) } },
    _sum: { issued: true },
  });
  for (const r of rows) totals.set(r.applicationId, r._sum.issued ?? 0);
  return totals;
}

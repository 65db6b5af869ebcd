import type { PrismaClient } from "../generated/prisma/client";

export interface ScopeSummary {
  name: string;
  description: string;
  requiresApproval: boolean;
  retiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Applications whose grant list contains the scope. */
  grantCount: number;
}

/**
 * The whole scope catalog (it is small: tens of entries) with how many applications hold each
 * scope. One grouped query over the GIN-indexed `scopes` array, not one count per scope.
 */
export async function listScopes(prisma: PrismaClient, options: { includeRetired?: boolean } = {}): Promise<ScopeSummary[]> {
  const scopes = await prisma.scope.findMany({
    where: options.includeRetired === false ? { retiredAt: null } : {},
    orderBy: [{ retiredAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
  });
  const counts = await prisma.$queryRaw<Array<{ scope: string; n: bigint }>>`
    SELECT s AS scope, count(*) AS n FROM "Application", unnest("scopes") AS s GROUP BY s`;
  const byName = new Map(counts.map((c) => [c.scope, Number(c.n)]));
  return scopes.map((s) => ({ ...s, grantCount: byName.get(s.name) ?? 0 }));
}

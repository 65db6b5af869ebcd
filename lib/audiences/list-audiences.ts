import type { PrismaClient } from "../generated/prisma/client";

export interface AudienceSummary {
  identifier: string;
  name: string;
  description: string;
  isDefault: boolean;
  retiredAt: Date | null;
  createdAt: Date;
  grantCount: number;
}

/** The audience catalog (small) with how many applications may request each audience. */
export async function listAudiences(prisma: PrismaClient): Promise<AudienceSummary[]> {
  const audiences = await prisma.audience.findMany({
    orderBy: [{ isDefault: "desc" }, { retiredAt: { sort: "asc", nulls: "first" } }, { identifier: "asc" }],
    select: { identifier: true, name: true, description: true, isDefault: true, retiredAt: true, createdAt: true },
  });
  const counts = await prisma.$queryRaw<Array<{ aud: string; n: bigint }>>`
    SELECT a AS aud, count(*) AS n FROM "Application", unnest("audiences") AS a GROUP BY a`;
  const byId = new Map(counts.map((c) => [c.aud, Number(c.n)]));
  return audiences.map((a) => ({ ...a, grantCount: byId.get(a.identifier) ?? 0 }));
}

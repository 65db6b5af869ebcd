import type { Prisma, PrismaClient } from "../generated/prisma/client";

export interface GrantList {
  total: number;
  /** The first applications holding it, newest first. */
  apps: Array<{ id: string; clientId: string; name: string; status: "pending" | "active" | "disabled"; ownerEmail: string }>;
}

/**
 * Applications holding a scope or an audience (`where` on the indexed array column): shown to the
 * admin before it is retired.
 */
export async function listAppsHolding(prisma: PrismaClient, where: Prisma.ApplicationWhereInput, take = 50): Promise<GrantList> {
  const [total, apps] = await Promise.all([
    prisma.application.count({ where }),
    prisma.application.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
      select: { id: true, clientId: true, name: true, status: true, owner: { select: { email: true } } },
    }),
  ]);
  return { total, apps: apps.map(({ owner, ...a }) => ({ ...a, ownerEmail: owner.email })) };
}

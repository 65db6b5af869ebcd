import type { PrismaClient } from "../generated/prisma/client";

export interface PendingApproval {
  id: string;
  clientId: string;
  name: string;
  description: string;
  createdAt: Date;
  ownerEmail: string;
  scopes: string[];
  /** The requested scopes that need an admin's approval (why the app is pending). */
  privilegedScopes: string[];
}

/** Applications waiting for an admin, oldest first (first come, first served). */
export async function listPendingApprovals(prisma: PrismaClient, take = 100): Promise<{ items: PendingApproval[]; total: number }> {
  const where = { status: "pending" as const };
  const [apps, total, privileged] = await Promise.all([
    prisma.application.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take,
      select: { id: true, clientId: true, name: true, description: true, createdAt: true, scopes: true, owner: { select: { email: true } } },
    }),
    prisma.application.count({ where }),
    prisma.scope.findMany({ where: { requiresApproval: true }, select: { name: true } }),
  ]);
  const needsApproval = new Set(privileged.map((s) => s.name));
  return {
    total,
    items: apps.map(({ owner, ...a }) => ({ ...a, ownerEmail: owner.email, privilegedScopes: a.scopes.filter((s) => needsApproval.has(s)) })),
  };
}

import type { PrismaClient } from "../generated/prisma/client";

/** Applications waiting for an admin (served by the (status, createdAt) index). */
export function countPendingApprovals(prisma: PrismaClient): Promise<number> {
  return prisma.application.count({ where: { status: "pending" } });
}

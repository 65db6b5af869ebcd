import type { PrismaClient } from "../generated/prisma/client";

export interface RegistrationOptions {
  scopes: Array<{ name: string; description: string; requiresApproval: boolean }>;
  /** The default audience first. */
  audiences: Array<{ identifier: string; name: string; description: string; isDefault: boolean }>;
}

/** What an owner may request when registering: only scopes and audiences that are not retired. */
export async function listRegistrationOptions(prisma: PrismaClient): Promise<RegistrationOptions> {
  const [scopes, audiences] = await Promise.all([
    prisma.scope.findMany({
      where: { retiredAt: null },
      select: { name: true, description: true, requiresApproval: true },
      orderBy: [{ requiresApproval: "asc" }, { name: "asc" }],
    }),
    prisma.audience.findMany({
      where: { retiredAt: null },
      select: { identifier: true, name: true, description: true, isDefault: true },
      orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    }),
  ]);
  return { scopes, audiences };
}

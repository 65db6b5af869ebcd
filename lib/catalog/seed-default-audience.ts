import type { PrismaClient } from "../generated/prisma/client";

/**
 * The audience catalog starts with one default API (KEYPORT_DEFAULT_AUDIENCE). Only when no
 * default exists: an admin's later choice of default is never overridden.
 */
export async function seedDefaultAudience(prisma: PrismaClient, identifier: string): Promise<void> {
  const count = await prisma.audience.count({ where: { isDefault: true } });
  if (count > 0) return;
  await prisma.audience.upsert({
    where: { identifier },
    create: { identifier, name: "Default API", isDefault: true },
    update: { isDefault: true, retiredAt: null },
  });
}

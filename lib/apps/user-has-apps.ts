import type { PrismaClient } from "../generated/prisma/client";

/** Whether any team the user belongs to has an application (where a sign-in lands, lib/auth/landing-path.ts). */
export async function userHasApps(prisma: PrismaClient, userId: string): Promise<boolean> {
  const app = await prisma.application.findFirst({ where: { team: { members: { some: { userId } } } }, select: { id: true } });
  return app !== null;
}

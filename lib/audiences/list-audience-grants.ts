import type { PrismaClient } from "../generated/prisma/client";
import type { GrantList } from "../scopes/list-scope-grants";

/** Applications that may request `identifier`: shown to the admin before it is retired. */
export async function listAudienceGrants(prisma: PrismaClient, identifier: string, take = 50): Promise<GrantList> {
  const where = { audiences: { has: identifier } };
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

import type { PrismaClient } from "../generated/prisma/client";

export interface GrantList {
  total: number;
  /** The first applications holding it, newest first. */
  apps: Array<{ id: string; clientId: string; name: string; status: "pending" | "active" | "disabled"; ownerEmail: string }>;
}

/** Applications whose grants contain `scope`: shown to the admin before the scope is retired. */
export async function listScopeGrants(prisma: PrismaClient, scope: string, take = 50): Promise<GrantList> {
  // `has` compiles to `scopes @> ARRAY[...]`, which the GIN index on "scopes" answers.
  const where = { scopes: { has: scope } };
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

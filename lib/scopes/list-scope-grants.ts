import type { PrismaClient } from "../generated/prisma/client";
import { listAppsHolding, type GrantList } from "../apps/list-apps-holding";

export type { GrantList };

/** Applications whose grants contain `scope`: shown to the admin before the scope is retired. */
export function listScopeGrants(prisma: PrismaClient, scope: string, take = 50): Promise<GrantList> {
  // `has` compiles to `scopes @> ARRAY[...]`, which the GIN index on "scopes" answers.
  return listAppsHolding(prisma, { scopes: { has: scope } }, take);
}

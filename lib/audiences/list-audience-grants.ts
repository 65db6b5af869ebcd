import type { PrismaClient } from "../generated/prisma/client";
import { listAppsHolding, type GrantList } from "../apps/list-apps-holding";

/** Applications that may request `identifier`: shown to the admin before it is retired. */
export function listAudienceGrants(prisma: PrismaClient, identifier: string, take = 50): Promise<GrantList> {
  // Answered by the GIN index on "audiences".
  return listAppsHolding(prisma, { audiences: { has: identifier } }, take);
}

import type { Prisma } from "../generated/prisma/client";

/**
 * Lock the team's row until the transaction ends (SELECT … FOR UPDATE): membership changes of one
 * team run one after the other, so two admins demoting each other at the same moment cannot both
 * see "another admin is left" (the last-admin rule). False when the team does not exist.
 */
export async function lockTeam(tx: Prisma.TransactionClient, teamId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Team" WHERE "id" = ${teamId} FOR UPDATE`;
  return rows.length === 1;
}

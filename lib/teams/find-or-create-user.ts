// A user by email, created (with their personal team) if they never signed in: the owner named by
// `keyport apps create --owner`, an admin added by `keyport admins add`, seeded and imported apps.
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { ensurePersonalTeam } from "./ensure-personal-team";

type Db = Pick<PrismaClient, "user" | "team" | "$queryRaw"> | Pick<Prisma.TransactionClient, "user" | "team" | "$queryRaw">;

/** `email` must already be normalized (lower-cased, trimmed: emailSchema). */
export async function findOrCreateUser(
  db: Db,
  email: string,
  create: { isAdmin?: boolean } = {},
): Promise<{ id: string; email: string; personalTeamId: string }> {
  const user = await db.user.upsert({ where: { email }, create: { email, ...create }, update: {}, select: { id: true, email: true } });
  const team = await ensurePersonalTeam(db, user);
  return { ...user, personalTeamId: team.id };
}

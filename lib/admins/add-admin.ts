import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../errors/app-error";
import { emailSchema } from "../apps/app-schemas";
import { ensurePersonalTeam } from "../teams/ensure-personal-team";

/** Make a person an admin (creating the user, with their personal team, if they never signed in). */
export async function addAdmin(prisma: PrismaClient, rawEmail: string, actor: Actor): Promise<{ email: string; changed: boolean }> {
  const email = parseInput(emailSchema, rawEmail);
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { email }, select: { isAdmin: true } });
    if (before?.isAdmin) return { email, changed: false };
    const user = await tx.user.upsert({ where: { email }, create: { email, isAdmin: true }, update: { isAdmin: true }, select: { id: true } });
    // Like every user, an admin has a personal team (created here if they never signed in).
    await ensurePersonalTeam(tx, { id: user.id, email });
    await recordAuditEvent(tx, actor, { action: "admin.add", targetType: "user", targetId: user.id, details: { email } });
    return { email, changed: true };
  });
}

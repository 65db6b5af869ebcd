import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../errors/app-error";
import { emailSchema } from "../apps/app-schemas";

/** Make a person an admin (creating the user if they never signed in). */
export async function addAdmin(prisma: PrismaClient, rawEmail: string, actor: Actor): Promise<{ email: string; changed: boolean }> {
  const email = parseInput(emailSchema, rawEmail);
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { email }, select: { isAdmin: true } });
    if (before?.isAdmin) return { email, changed: false };
    const user = await tx.user.upsert({ where: { email }, create: { email, isAdmin: true }, update: { isAdmin: true }, select: { id: true } });
    await recordAuditEvent(tx, actor, { action: "admin.add", targetType: "user", targetId: user.id, details: { email } });
    return { email, changed: true };
  });
}

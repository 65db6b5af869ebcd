import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";

/**
 * Retire an audience: new registrations can no longer request it. The default cannot be retired
 * (registrations would have none); the admin confirms the grant count they reviewed.
 */
export async function retireAudience(
  prisma: PrismaClient,
  identifier: string,
  confirmedGrantCount: number,
  actor: Actor,
  now = new Date(),
): Promise<{ grantCount: number }> {
  return prisma.$transaction(async (tx) => {
    const audience = await tx.audience.findUnique({ where: { identifier }, select: { isDefault: true, retiredAt: true } });
    if (!audience) throw notFound("Audience not found");
    const grantCount = await tx.application.count({ where: { audiences: { has: identifier } } });
    if (audience.retiredAt) return { grantCount };
    if (audience.isDefault) throw new AppError("conflict", "The default audience cannot be retired; make another audience the default first");
    if (grantCount !== confirmedGrantCount) {
      throw new AppError("conflict", `The audience is now granted to ${grantCount} application(s); review the list again before retiring it`);
    }
    await tx.audience.update({ where: { identifier }, data: { retiredAt: now } });
    await recordAuditEvent(tx, actor, { action: "audience.retire", targetType: "audience", targetId: identifier, details: { grantCount } });
    return { grantCount };
  });
}

/** Undo a retirement. */
export async function restoreAudience(prisma: PrismaClient, identifier: string, actor: Actor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const audience = await tx.audience.findUnique({ where: { identifier }, select: { retiredAt: true } });
    if (!audience) throw notFound("Audience not found");
    if (!audience.retiredAt) return;
    await tx.audience.update({ where: { identifier }, data: { retiredAt: null } });
    await recordAuditEvent(tx, actor, { action: "audience.restore", targetType: "audience", targetId: identifier });
  });
}

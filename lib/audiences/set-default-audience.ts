import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";

/**
 * Make one audience the default for new registrations. Exactly one default at a time: the
 * previous default is cleared in the same transaction.
 */
export async function setDefaultAudience(prisma: PrismaClient, identifier: string, actor: Actor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const target = await tx.audience.findUnique({ where: { identifier }, select: { isDefault: true, retiredAt: true } });
    if (!target) throw notFound("Audience not found");
    if (target.retiredAt) throw new AppError("conflict", "A retired audience cannot be the default; restore it first");
    if (target.isDefault) return;
    const previous = await tx.audience.findMany({ where: { isDefault: true }, select: { identifier: true } });
    await tx.audience.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    await tx.audience.update({ where: { identifier }, data: { isDefault: true } });
    await recordAuditEvent(tx, actor, {
      action: "audience.set_default",
      targetType: "audience",
      targetId: identifier,
      details: { previous: previous.map((p) => p.identifier) },
    });
  });
}

import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound, parseInput } from "../errors/app-error";
import { scopeNameSchema } from "../apps/app-schemas";

/**
 * Retire a scope: it can no longer be requested by new registrations. Existing grants are not
 * removed silently; the admin saw them (listScopeGrants) and confirms their count, so a grant
 * added in between makes the retirement fail instead of going unnoticed.
 */
export async function retireScope(
  prisma: PrismaClient,
  rawName: string,
  confirmedGrantCount: number,
  actor: Actor,
  now = new Date(),
): Promise<{ grantCount: number }> {
  const name = parseInput(scopeNameSchema, rawName);
  return prisma.$transaction(async (tx) => {
    const scope = await tx.scope.findUnique({ where: { name }, select: { name: true, retiredAt: true } });
    if (!scope) throw notFound("Scope not found");
    const grantCount = await tx.application.count({ where: { scopes: { has: name } } });
    if (scope.retiredAt) return { grantCount };
    if (grantCount !== confirmedGrantCount) {
      throw new AppError("conflict", `The scope is now granted to ${grantCount} application(s); review the list again before retiring it`);
    }
    await tx.scope.update({ where: { name }, data: { retiredAt: now } });
    await recordAuditEvent(tx, actor, { action: "scope.retire", targetType: "scope", targetId: name, details: { grantCount } });
    return { grantCount };
  });
}

/** Undo a retirement: the scope can be requested again. */
export async function restoreScope(prisma: PrismaClient, rawName: string, actor: Actor): Promise<void> {
  const name = parseInput(scopeNameSchema, rawName);
  await prisma.$transaction(async (tx) => {
    const scope = await tx.scope.findUnique({ where: { name }, select: { retiredAt: true } });
    if (!scope) throw notFound("Scope not found");
    if (!scope.retiredAt) return;
    await tx.scope.update({ where: { name }, data: { retiredAt: null } });
    await recordAuditEvent(tx, actor, { action: "scope.restore", targetType: "scope", targetId: name });
  });
}

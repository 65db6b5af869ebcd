import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { notFound, parseInput } from "../errors/app-error";
import { updateScopeSchema, type UpdateScopeInput } from "./scope-schemas";

/**
 * Edit a scope's description or its "needs approval" flag. The flag applies to registrations from
 * now on: applications already holding the scope keep it.
 */
export async function updateScope(prisma: PrismaClient, rawInput: UpdateScopeInput, actor: Actor) {
  const input = parseInput(updateScopeSchema, rawInput);
  return prisma.$transaction(async (tx) => {
    const before = await tx.scope.findUnique({ where: { name: input.name } });
    if (!before) throw notFound("Scope not found");
    const data: { description?: string; requiresApproval?: boolean } = {};
    if (input.description !== undefined && input.description !== before.description) data.description = input.description;
    if (input.requiresApproval !== undefined && input.requiresApproval !== before.requiresApproval) data.requiresApproval = input.requiresApproval;
    if (Object.keys(data).length === 0) return before;
    const scope = await tx.scope.update({ where: { name: input.name }, data });
    await recordAuditEvent(tx, actor, {
      action: "scope.update",
      targetType: "scope",
      targetId: scope.name,
      details: {
        ...(data.description !== undefined ? { description: { from: before.description, to: data.description } } : {}),
        ...(data.requiresApproval !== undefined ? { requiresApproval: { from: before.requiresApproval, to: data.requiresApproval } } : {}),
      },
    });
    return scope;
  });
}

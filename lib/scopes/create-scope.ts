import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, parseInput } from "../errors/app-error";
import { createScopeSchema, type CreateScopeInput } from "./scope-schemas";

/** Add a scope to the catalog; owners can request it from then on. */
export async function createScope(prisma: PrismaClient, rawInput: CreateScopeInput, actor: Actor) {
  const input = parseInput(createScopeSchema, rawInput);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.scope.findUnique({ where: { name: input.name }, select: { name: true } });
    if (existing) throw new AppError("conflict", "That scope already exists", { name: ["A scope with this name already exists"] });
    const scope = await tx.scope.create({ data: input });
    await recordAuditEvent(tx, actor, {
      action: "scope.create",
      targetType: "scope",
      targetId: scope.name,
      details: { description: scope.description, requiresApproval: scope.requiresApproval },
    });
    return scope;
  });
}

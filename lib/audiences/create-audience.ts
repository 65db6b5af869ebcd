import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, parseInput } from "../errors/app-error";
import { createAudienceSchema, type CreateAudienceInput } from "./audience-schemas";

/** Add an API (resource) to the catalog. */
export async function createAudience(prisma: PrismaClient, rawInput: CreateAudienceInput, actor: Actor) {
  const input = parseInput(createAudienceSchema, rawInput);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.audience.findUnique({ where: { identifier: input.identifier }, select: { identifier: true } });
    if (existing) throw new AppError("conflict", "That audience already exists", { identifier: ["An audience with this identifier already exists"] });
    const audience = await tx.audience.create({ data: input });
    await recordAuditEvent(tx, actor, {
      action: "audience.create",
      targetType: "audience",
      targetId: audience.identifier,
      details: { name: audience.name },
    });
    return audience;
  });
}

import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { notFound, parseInput } from "../errors/app-error";
import { updateAudienceSchema, type UpdateAudienceInput } from "./audience-schemas";

/** Edit an audience's display name or description (its identifier is what tokens carry: fixed). */
export async function updateAudience(prisma: PrismaClient, rawInput: UpdateAudienceInput, actor: Actor) {
  const input = parseInput(updateAudienceSchema, rawInput);
  return prisma.$transaction(async (tx) => {
    const before = await tx.audience.findUnique({ where: { identifier: input.identifier } });
    if (!before) throw notFound("Audience not found");
    const data: { name?: string; description?: string } = {};
    if (input.name !== undefined && input.name !== before.name) data.name = input.name;
    if (input.description !== undefined && input.description !== before.description) data.description = input.description;
    if (Object.keys(data).length === 0) return before;
    const audience = await tx.audience.update({ where: { identifier: input.identifier }, data });
    await recordAuditEvent(tx, actor, {
      action: "audience.update",
      targetType: "audience",
      targetId: audience.identifier,
      details: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { from: before[k as keyof typeof data], to: v }])),
    });
    return audience;
  });
}

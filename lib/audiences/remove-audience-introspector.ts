import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound, parseInput } from "../errors/app-error";
import { audienceIntrospectorSchema, type AudienceIntrospectorInput } from "./audience-schemas";
import type { IntrospectorChange } from "./add-audience-introspector";

/**
 * Stop an application introspecting an audience's tokens: from the next request on (after the
 * NOTIFY reaches each instance), it gets `{"active": false}` for them. Audit-logged in the same
 * transaction.
 */
export async function removeAudienceIntrospector(prisma: PrismaClient, rawInput: AudienceIntrospectorInput, actor: Actor): Promise<IntrospectorChange> {
  const input = parseInput(audienceIntrospectorSchema, rawInput);
  return prisma.$transaction(async (tx) => {
    const audience = await tx.audience.findUnique({ where: { identifier: input.identifier }, select: { identifier: true } });
    if (!audience) throw notFound("Audience not found");
    const app = await tx.application.findUnique({ where: { clientId: input.clientId }, select: { id: true, clientId: true, name: true } });
    if (!app) throw new AppError("not_found", "No application has that client_id", { clientId: [`No application with client_id ${input.clientId}`] });
    const result = { audience: audience.identifier, clientId: app.clientId, applicationId: app.id, name: app.name };
    const { count } = await tx.audienceIntrospector.deleteMany({ where: { audienceId: audience.identifier, applicationId: app.id } });
    if (count === 0) return { ...result, changed: false };
    await recordAuditEvent(tx, actor, {
      action: "audience.introspector_remove",
      targetType: "audience",
      targetId: audience.identifier,
      applicationId: app.id,
      details: { clientId: app.clientId, name: app.name },
    });
    return { ...result, changed: true };
  });
}

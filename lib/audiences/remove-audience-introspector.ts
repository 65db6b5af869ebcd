import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../errors/app-error";
import { findIntrospectorTarget } from "./find-introspector-target";
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
    const result = await findIntrospectorTarget(tx, input);
    const { count } = await tx.audienceIntrospector.deleteMany({ where: { audienceId: result.audience, applicationId: result.applicationId } });
    if (count === 0) return { ...result, changed: false };
    await recordAuditEvent(tx, actor, {
      action: "audience.introspector_remove",
      targetType: "audience",
      targetId: result.audience,
      applicationId: result.applicationId,
      details: { clientId: result.clientId, name: result.name },
    });
    return { ...result, changed: true };
  });
}

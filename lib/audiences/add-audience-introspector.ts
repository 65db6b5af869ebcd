import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../errors/app-error";
import { findIntrospectorTarget } from "./find-introspector-target";
import { audienceIntrospectorSchema, type AudienceIntrospectorInput } from "./audience-schemas";

export interface IntrospectorChange {
  audience: string;
  clientId: string;
  applicationId: string;
  name: string;
  /** false when it already was (add) or was not (remove) an introspector. */
  changed: boolean;
}

/**
 * Allow an application (a resource server) to introspect tokens issued for an audience
 * (RFC 7662 §2.1). Audit-logged in the same transaction; every instance drops its cached set
 * through the table's NOTIFY trigger.
 */
export async function addAudienceIntrospector(prisma: PrismaClient, rawInput: AudienceIntrospectorInput, actor: Actor): Promise<IntrospectorChange> {
  const input = parseInput(audienceIntrospectorSchema, rawInput);
  return prisma.$transaction(async (tx) => {
    const result = await findIntrospectorTarget(tx, input);
    const existing = await tx.audienceIntrospector.findUnique({
      where: { audienceId_applicationId: { audienceId: result.audience, applicationId: result.applicationId } },
      select: { applicationId: true },
    });
    if (existing) return { ...result, changed: false };
    await tx.audienceIntrospector.create({ data: { audienceId: result.audience, applicationId: result.applicationId } });
    await recordAuditEvent(tx, actor, {
      action: "audience.introspector_add",
      targetType: "audience",
      targetId: result.audience,
      applicationId: result.applicationId,
      details: { clientId: result.clientId, name: result.name },
    });
    return { ...result, changed: true };
  });
}

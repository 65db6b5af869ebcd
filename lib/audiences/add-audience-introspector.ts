import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound, parseInput } from "../errors/app-error";
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
    const audience = await tx.audience.findUnique({ where: { identifier: input.identifier }, select: { identifier: true } });
    if (!audience) throw notFound("Audience not found");
    const app = await tx.application.findUnique({ where: { clientId: input.clientId }, select: { id: true, clientId: true, name: true } });
    if (!app) throw new AppError("not_found", "No application has that client_id", { clientId: [`No application with client_id ${input.clientId}`] });
    const result = { audience: audience.identifier, clientId: app.clientId, applicationId: app.id, name: app.name };
    const existing = await tx.audienceIntrospector.findUnique({
      where: { audienceId_applicationId: { audienceId: audience.identifier, applicationId: app.id } },
      select: { applicationId: true },
    });
    if (existing) return { ...result, changed: false };
    await tx.audienceIntrospector.create({ data: { audienceId: audience.identifier, applicationId: app.id } });
    await recordAuditEvent(tx, actor, {
      action: "audience.introspector_add",
      targetType: "audience",
      targetId: audience.identifier,
      applicationId: app.id,
      details: { clientId: app.clientId, name: app.name },
    });
    return { ...result, changed: true };
  });
}

import type { Actor } from "./actor";
import type { Prisma as PrismaNS } from "../generated/prisma/client";

export interface AuditInput {
  action: string;
  targetType?: string;
  targetId?: string;
  applicationId?: string | null;
  /**
   * The team the event concerns. Omitted with an applicationId: the database fills in the
   * application's team (trigger "AuditEvent_team"), so every event about an app records its team.
   */
  teamId?: string | null;
  details?: PrismaNS.InputJsonValue;
}

type Tx = { auditEvent: { create(args: { data: PrismaNS.AuditEventUncheckedCreateInput }): Promise<unknown> } };

/** The row of one audit event (recordAuditEvent; batch writers such as an import use createMany). */
export function auditEventData(actor: Actor, input: AuditInput): PrismaNS.AuditEventUncheckedCreateInput {
  return {
    actorType: actor.type,
    actorId: actor.id ?? null,
    actorEmail: actor.email ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ? actor.userAgent.slice(0, 512) : null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    applicationId: input.applicationId ?? null,
    teamId: input.teamId ?? null,
    details: input.details ?? undefined,
  };
}

/** Append one audit event. Pass the transaction client so the event commits with the change. */
export async function recordAuditEvent(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({ data: auditEventData(actor, input) });
}

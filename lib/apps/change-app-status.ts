import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { resolveApp, type AppRef } from "./app-ref";
import { appSummarySelect, type AppSummary } from "./app-view";

export type StatusAction = "approve" | "deny" | "disable" | "enable";

const TRANSITIONS: Record<StatusAction, { from: Array<"pending" | "active" | "disabled">; to: "active" | "disabled" }> = {
  approve: { from: ["pending"], to: "active" },
  deny: { from: ["pending"], to: "disabled" },
  disable: { from: ["pending", "active"], to: "disabled" },
  enable: { from: ["disabled"], to: "active" },
};

/**
 * Approve, deny, disable (revoke) or enable an application, with its audit event, in one
 * transaction. The status change fires a cache notification: every instance's token endpoint
 * sees it within moments.
 */
export async function changeAppStatus(
  prisma: PrismaClient,
  ref: AppRef,
  action: StatusAction,
  actor: Actor,
  reason?: string,
  /** Checked inside the transaction before the change (e.g. lib/apps/change-app-status-as-team.ts). */
  guard?: (tx: Prisma.TransactionClient, app: { id: string; status: "pending" | "active" | "disabled" }) => Promise<void>,
): Promise<{ app: AppSummary; changed: boolean }> {
  const rule = TRANSITIONS[action];
  return prisma.$transaction(async (tx) => {
    const current = await resolveApp(tx, ref);
    if (current.status === rule.to) {
      const app = await tx.application.findUniqueOrThrow({ where: { id: current.id }, select: appSummarySelect });
      return { app, changed: false };
    }
    if (!rule.from.includes(current.status)) {
      throw new AppError("conflict", `Cannot ${action} an application that is ${current.status}`);
    }
    await guard?.(tx, current);
    const cleanReason = reason?.trim().slice(0, 500) || null;
    // Conditional update: a concurrent change in between makes this a no-op we report.
    const updated = await tx.application.updateMany({
      where: { id: current.id, status: current.status },
      data: { status: rule.to, statusReason: cleanReason },
    });
    if (updated.count !== 1) throw new AppError("conflict", "The application changed meanwhile; reload and try again");
    await recordAuditEvent(tx, actor, {
      action: `app.${action}`,
      targetType: "application",
      targetId: current.id,
      applicationId: current.id,
      details: { from: current.status, to: rule.to, reason: cleanReason },
    });
    const app = await tx.application.findUniqueOrThrow({ where: { id: current.id }, select: appSummarySelect });
    return { app, changed: true };
  });
}

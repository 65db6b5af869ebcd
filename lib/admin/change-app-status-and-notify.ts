// An admin's approve / deny / disable / enable: the status change (with its audit event, one
// transaction), then the owner's email. The email is sent only when the status really changed,
// so a double-submitted form does not mail the owner twice.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { changeAppStatus, type StatusAction } from "../apps/change-app-status";
import type { AppSummary } from "../apps/app-view";
import { sendAppApprovedEmail, sendAppDeniedEmail, sendAppDisabledEmail, sendAppEnabledEmail, type QueuedMail } from "../mail";

const MAILS: Record<StatusAction, (input: { app: AppSummary; reason?: string | null; baseUrl: string }) => Promise<QueuedMail>> = {
  approve: sendAppApprovedEmail,
  deny: sendAppDeniedEmail,
  disable: sendAppDisabledEmail,
  enable: sendAppEnabledEmail,
};

export async function changeAppStatusAndNotify(
  prisma: PrismaClient,
  appId: string,
  action: StatusAction,
  actor: Actor,
  options: { reason?: string; baseUrl: string },
): Promise<{ app: AppSummary; changed: boolean; mailed: boolean }> {
  const { app, changed } = await changeAppStatus(prisma, { id: appId }, action, actor, options.reason);
  if (!changed) return { app, changed, mailed: false };
  await MAILS[action]({ app, reason: app.statusReason, baseUrl: options.baseUrl });
  return { app, changed, mailed: true };
}

// An admin's approve / deny / disable / enable: the status change (with its audit event, one
// transaction), then an email to each of the team's admins and developers. It is sent only when
// the status really changed, so a double-submitted form does not mail anyone twice.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { changeAppStatus, type StatusAction } from "../apps/change-app-status";
import type { AppSummary } from "../apps/app-view";
import { sendAppApprovedEmail, sendAppDeniedEmail, sendAppDisabledEmail, sendAppEnabledEmail, type AppStatusMailInput, type QueuedMail } from "../mail";
import { appRecipients } from "../mail/app-recipients";

const MAILS: Record<StatusAction, (input: AppStatusMailInput) => Promise<QueuedMail[]>> = {
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
): Promise<{ app: AppSummary; changed: boolean; mailed: boolean; recipients: string[] }> {
  const { app, changed } = await changeAppStatus(prisma, { id: appId }, action, actor, options.reason);
  if (!changed) return { app, changed, mailed: false, recipients: [] };
  const recipients = await appRecipients(prisma, app.id);
  await MAILS[action]({ app, recipients, reason: app.statusReason, baseUrl: options.baseUrl });
  return { app, changed, mailed: true, recipients };
}

// "Resend" for an email about an application that is still pending or has failed.
// A credential mail is never sent twice: its secret might sit in a mail queue somewhere, so the
// old message is cancelled (body wiped), a NEW secret is issued (rotation with the grace the
// owner chose) and that one is mailed — all three in one transaction
// (lib/secrets/rotate-secret-and-notify.ts). Other mails are simply queued again.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { resolveApp, type AppRef } from "../apps/app-ref";
import { rotateSecretAndNotify } from "../secrets/rotate-secret-and-notify";
import { SECRET_BEARING_KINDS, type Mailer, type MailKind, type QueuedMail } from "./mailer";
import { getMailer } from "./process-mailer";

export interface ResendOptions {
  pepper: Buffer;
  /** KEYPORT_SECRET_TTL (a reissued secret is a new secret). */
  defaultSecretTtl?: number | null;
  baseUrl: string;
  /** For credential mails: how long the current secrets keep working (seconds). */
  graceSeconds: number;
  /** Default: the process mailer. */
  mailer?: Mailer;
}

export async function resendAppEmail(
  prisma: PrismaClient,
  ref: AppRef,
  messageId: string,
  actor: Actor,
  options: ResendOptions,
): Promise<QueuedMail & { reissuedSecret: boolean }> {
  const app = await resolveApp(prisma, ref);
  const message = await prisma.emailMessage.findFirst({
    where: { id: messageId, applicationId: app.id },
    select: { id: true, kind: true, status: true },
  });
  if (!message) throw notFound("Email not found");
  if (message.status !== "queued" && message.status !== "failed") {
    throw new AppError("conflict", message.status === "sent" ? "This email was already delivered." : "This email is being sent right now.");
  }

  if (SECRET_BEARING_KINDS.has(message.kind as MailKind)) {
    // Cancelling the old message, the new secret and the mail carrying it: one transaction.
    const reissued = await rotateSecretAndNotify(
      prisma,
      { ref, graceSeconds: options.graceSeconds, notice: { kind: "reissued", replacesMessageId: message.id, replacesKind: message.kind } },
      actor,
      { pepper: options.pepper, defaultSecretTtl: options.defaultSecretTtl, baseUrl: options.baseUrl, mailer: options.mailer ?? (await getMailer()) },
    );
    return { ...reissued.mail, reissuedSecret: true };
  }

  const requeued = await prisma.emailMessage.updateMany({
    where: { id: message.id, status: { in: ["queued", "failed"] } },
    data: { status: "queued", attempts: 0, lastError: null, nextAttemptAt: new Date() },
  });
  if (requeued.count !== 1) throw new AppError("conflict", "This email is being sent right now.");
  await recordAuditEvent(prisma, actor, {
    action: "mail.resend",
    targetType: "email",
    targetId: message.id,
    applicationId: app.id,
    details: { kind: message.kind },
  });
  const status = await (options.mailer ?? (await getMailer())).deliver(message.id);
  return { id: message.id, status, reissuedSecret: false };
}

// "Rotate, then mail the team", written once: a member's rotation, an admin's rotation on the
// team's behalf, and the reissue behind "resend" of a credentials mail. The new secret and the
// outbox rows carrying it (one per admin and developer of the app's team) commit in ONE
// transaction (transactional outbox, STYLE §20): a crash between the two can no longer lose the
// only copy of a secret nobody else has seen. Delivery is tried once after commit; the mail
// worker retries whatever is still queued.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import type { AppRef } from "../apps/app-ref";
import { credentialsMail, secretRotatedMail, type QueuedMail } from "../mail";
import type { Mailer, OutboxRow } from "../mail/mailer";
import { appRecipients } from "../mail/app-recipients";
import { summarizeDeliveries } from "../mail/summarize-deliveries";
import { rotateClientSecretIn, type RotatedSecret } from "./rotate-client-secret";

export type RotationNotice =
  /** secret_rotated mail: the owner or an admin rotated. */
  | { kind: "rotated"; rotatedBy: "owner" | "admin" }
  /**
   * credentials mail "reissued": the owner asked to resend a credentials mail that was never
   * delivered. That message is cancelled (its body wiped) in the same transaction, and its
   * secret is replaced — a credential mail is never sent twice.
   */
  | { kind: "reissued"; replacesMessageId: string; replacesKind: string };

export interface RotateAndNotifyOptions {
  pepper: Buffer;
  /** KEYPORT_SECRET_TTL: the new secret's lifetime unless the app has its own policy. */
  defaultSecretTtl?: number | null;
  /** The public origin (lib/config/public-origin.ts): links and the token endpoint in the mail. */
  baseUrl: string;
  mailer: Pick<Mailer, "enqueue" | "deliverQueued">;
  now?: Date;
}

export async function rotateSecretAndNotify(
  prisma: PrismaClient,
  { ref, graceSeconds, notice }: { ref: AppRef; graceSeconds: number; notice: RotationNotice },
  actor: Actor,
  options: RotateAndNotifyOptions,
): Promise<RotatedSecret & { mail: QueuedMail; recipients: string[] }> {
  const { rotated, outbox, recipients } = await prisma.$transaction(async (tx) => {
    if (notice.kind === "reissued") {
      // Conditionally, so a worker that just claimed the message wins and we report that.
      const cancelled = await tx.emailMessage.updateMany({
        where: { id: notice.replacesMessageId, status: { in: ["queued", "failed"] } },
        data: { status: "failed", payload: "", lastError: "Replaced by a new email with a new secret" },
      });
      if (cancelled.count !== 1) throw new AppError("conflict", "This email is being sent right now.");
    }
    const rotated = await rotateClientSecretIn(tx, ref, graceSeconds, actor, { pepper: options.pepper, defaultSecretTtl: options.defaultSecretTtl }, options.now);
    const { app } = rotated;
    // The team's admins and developers, each their own copy, queued in this transaction.
    const recipients = await appRecipients(tx, app.id);
    const mails =
      notice.kind === "rotated"
        ? secretRotatedMail({
            app,
            recipients,
            rotatedByEmail: notice.rotatedBy === "owner" ? actor.email : null,
            clientSecret: rotated.clientSecret,
            secretExpiresAt: rotated.secret.expiresAt,
            oldSecretsExpireAt: rotated.oldSecretsExpireAt,
            rotatedBy: notice.rotatedBy,
            baseUrl: options.baseUrl,
          })
        : credentialsMail({ app, recipients, clientSecret: rotated.clientSecret, secretExpiresAt: rotated.secret.expiresAt, baseUrl: options.baseUrl, reason: "reissued" });
    const outbox: OutboxRow[] = [];
    for (const mail of mails) outbox.push(await options.mailer.enqueue(tx, mail));
    if (notice.kind === "reissued") {
      await recordAuditEvent(tx, actor, {
        action: "mail.resend",
        targetType: "email",
        targetId: notice.replacesMessageId,
        applicationId: rotated.app.id,
        // newMessageId: the first copy, as before teams; newMessageIds: one per recipient.
        details: { kind: notice.replacesKind, newMessageId: outbox[0]?.id ?? null, newMessageIds: outbox.map((o) => o.id), newSecretHint: rotated.secret.hint, graceSeconds },
      });
    }
    return { rotated, outbox, recipients };
  });
  const delivered = await Promise.all(outbox.map((row) => options.mailer.deliverQueued(row)));
  return { ...rotated, mail: summarizeDeliveries(delivered), recipients };
}

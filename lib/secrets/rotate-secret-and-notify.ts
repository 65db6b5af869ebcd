// "Rotate, then mail the owner", written once: the owner's rotation, an admin's rotation on the
// owner's behalf, and the reissue behind "resend" of a credentials mail. The new secret and the
// outbox row carrying it commit in ONE transaction (transactional outbox, STYLE §20): a crash
// between the two can no longer lose the only copy of a secret nobody else has seen. Delivery is
// tried once after commit; the mail worker retries whatever is still queued.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import type { AppRef } from "../apps/app-ref";
import { credentialsMail, secretRotatedMail, type QueuedMail } from "../mail";
import type { Mailer } from "../mail/mailer";
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
): Promise<RotatedSecret & { mail: QueuedMail }> {
  const { rotated, outbox } = await prisma.$transaction(async (tx) => {
    if (notice.kind === "reissued") {
      // Conditionally, so a worker that just claimed the message wins and we report that.
      const cancelled = await tx.emailMessage.updateMany({
        where: { id: notice.replacesMessageId, status: { in: ["queued", "failed"] } },
        data: { status: "failed", payload: "", lastError: "Replaced by a new email with a new secret" },
      });
      if (cancelled.count !== 1) throw new AppError("conflict", "This email is being sent right now.");
    }
    const rotated = await rotateClientSecretIn(tx, ref, graceSeconds, actor, options.pepper, options.now);
    const app = { ...rotated.app, owner: { email: rotated.app.ownerEmail } };
    const mail =
      notice.kind === "rotated"
        ? secretRotatedMail({
            app,
            clientSecret: rotated.clientSecret,
            secretExpiresAt: rotated.secret.expiresAt,
            oldSecretsExpireAt: rotated.oldSecretsExpireAt,
            rotatedBy: notice.rotatedBy,
            baseUrl: options.baseUrl,
          })
        : credentialsMail({ app, clientSecret: rotated.clientSecret, secretExpiresAt: rotated.secret.expiresAt, baseUrl: options.baseUrl, reason: "reissued" });
    const outbox = await options.mailer.enqueue(tx, mail);
    if (notice.kind === "reissued") {
      await recordAuditEvent(tx, actor, {
        action: "mail.resend",
        targetType: "email",
        targetId: notice.replacesMessageId,
        applicationId: rotated.app.id,
        details: { kind: notice.replacesKind, newMessageId: outbox.id, newSecretHint: rotated.secret.hint, graceSeconds },
      });
    }
    return { rotated, outbox };
  });
  return { ...rotated, mail: await options.mailer.deliverQueued(outbox) };
}

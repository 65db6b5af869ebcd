// An admin rotates an application's secret on its team's behalf. The new secret goes only to the
// team's admins and developers by email: this function returns what the admin may see (hint,
// expiries, who was mailed), never the secret itself.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { GRACE_PERIODS, type GracePeriod } from "../apps/app-schemas";
import { rotateSecretAndNotify } from "../secrets/rotate-secret-and-notify";
import { getMailer } from "../mail/process-mailer";
import type { Mailer } from "../mail/mailer";

export interface AdminRotation {
  /** Who got the new secret: the team's admins and developers. */
  recipients: string[];
  hint: string;
  secretExpiresAt: Date | null;
  oldSecretsExpireAt: Date | null;
  mailStatus: string;
}

export async function rotateSecretForOwner(
  prisma: PrismaClient,
  appId: string,
  grace: GracePeriod,
  actor: Actor,
  options: { pepper: Buffer; defaultSecretTtl?: number | null; baseUrl: string; mailer?: Mailer },
): Promise<AdminRotation> {
  // The new secret and the mail carrying it commit together (lib/secrets/rotate-secret-and-notify.ts).
  const rotated = await rotateSecretAndNotify(
    prisma,
    { ref: { id: appId }, graceSeconds: GRACE_PERIODS[grace], notice: { kind: "rotated", rotatedBy: "admin" } },
    actor,
    { pepper: options.pepper, defaultSecretTtl: options.defaultSecretTtl, baseUrl: options.baseUrl, mailer: options.mailer ?? (await getMailer()) },
  );
  return {
    recipients: rotated.recipients,
    hint: rotated.secret.hint,
    secretExpiresAt: rotated.secret.expiresAt,
    oldSecretsExpireAt: rotated.oldSecretsExpireAt,
    mailStatus: rotated.mail.status,
  };
}

// An admin rotates an application's secret on the owner's behalf. The new secret goes only to
// the owner's email: this function returns what the admin may see (hint, expiries), never the
// secret itself.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { GRACE_PERIODS, type GracePeriod } from "../apps/app-schemas";
import { rotateClientSecret } from "../secrets/rotate-client-secret";
import { sendSecretRotatedEmail } from "../mail";

export interface AdminRotation {
  ownerEmail: string;
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
  options: { pepper: Buffer; baseUrl: string },
): Promise<AdminRotation> {
  const rotated = await rotateClientSecret(prisma, { id: appId }, GRACE_PERIODS[grace], actor, options.pepper);
  const app = await prisma.application.findUniqueOrThrow({ where: { id: rotated.app.id }, select: { scopes: true } });
  const mail = await sendSecretRotatedEmail({
    app: { id: rotated.app.id, name: rotated.app.name, clientId: rotated.app.clientId, owner: { email: rotated.app.ownerEmail }, scopes: app.scopes },
    clientSecret: rotated.clientSecret,
    secretExpiresAt: rotated.secret.expiresAt,
    oldSecretsExpireAt: rotated.oldSecretsExpireAt,
    rotatedBy: "admin",
    baseUrl: options.baseUrl,
  });
  return {
    ownerEmail: rotated.app.ownerEmail,
    hint: rotated.secret.hint,
    secretExpiresAt: rotated.secret.expiresAt,
    oldSecretsExpireAt: rotated.oldSecretsExpireAt,
    mailStatus: mail.status,
  };
}

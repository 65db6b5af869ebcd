import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { resolveApp, type AppRef } from "../apps/app-ref";
import type { SecretSummary } from "../apps/app-view";
import { createClientSecret } from "./create-client-secret";
import { effectiveSecretTtl } from "./secret-lifetime";

/**
 * How new secrets are issued: the HMAC pepper (config.secret) and the deployment's default
 * lifetime (KEYPORT_SECRET_TTL; the app's own policy overrides it — lib/secrets/secret-lifetime.ts).
 * A bare pepper means no deployment default.
 */
export interface SecretIssuing {
  pepper: Buffer;
  defaultSecretTtl?: number | null;
}

function issuingOf(p: Buffer | SecretIssuing): SecretIssuing {
  return Buffer.isBuffer(p) ? { pepper: p } : p;
}

export interface RotatedSecret {
  app: { id: string; clientId: string; name: string; teamId: string; scopes: string[]; audiences: string[]; status: "pending" | "active" | "disabled" };
  clientSecret: string;
  secret: SecretSummary;
  /** When the previous secrets stop working (null: they already have). */
  oldSecretsExpireAt: Date | null;
}

/**
 * Issue a new secret; the previous ones keep working for `graceSeconds` (0: stop now), so clients
 * can be redeployed without downtime. One transaction with its audit event.
 */
export async function rotateClientSecret(
  prisma: PrismaClient,
  ref: AppRef,
  graceSeconds: number,
  actor: Actor,
  issuing: Buffer | SecretIssuing,
  now = new Date(),
): Promise<RotatedSecret> {
  return prisma.$transaction((tx) => rotateClientSecretIn(tx, ref, graceSeconds, actor, issuing, now));
}

function checkGrace(graceSeconds: number): void {
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > 30 * 86_400) {
    throw new AppError("invalid_input", "Grace period must be between 0 and 30 days", { grace: ["Between 0 and 30 days"] });
  }
}

/** The rotation inside the caller's transaction (lib/secrets/rotate-secret-and-notify.ts adds the mail to it). */
export async function rotateClientSecretIn(
  tx: Prisma.TransactionClient,
  ref: AppRef,
  graceSeconds: number,
  actor: Actor,
  issuing: Buffer | SecretIssuing,
  now = new Date(),
): Promise<RotatedSecret> {
  checkGrace(graceSeconds);
  const { pepper, defaultSecretTtl } = issuingOf(issuing);
  const app = await resolveApp(tx, ref);
  const graceEnd = new Date(now.getTime() + graceSeconds * 1000);
  const live = { applicationId: app.id, revokedAt: null };
  if (graceSeconds === 0) {
    await tx.clientSecret.updateMany({ where: live, data: { revokedAt: now } });
  } else {
    // Shorten, never lengthen, an existing expiry.
    await tx.clientSecret.updateMany({
      where: { ...live, OR: [{ expiresAt: null }, { expiresAt: { gt: graceEnd } }] },
      data: { expiresAt: graceEnd },
    });
  }
  const { clientSecret, secret } = await createClientSecret(tx, pepper, app.id, effectiveSecretTtl(app.secretTtlSeconds, defaultSecretTtl), now);
  await recordAuditEvent(tx, actor, {
    action: "secret.rotate",
    targetType: "client_secret",
    targetId: secret.id,
    applicationId: app.id,
    details: { hint: secret.hint, graceSeconds, oldSecretsExpireAt: graceSeconds ? graceEnd.toISOString() : now.toISOString() },
  });
  return {
    app: { id: app.id, clientId: app.clientId, name: app.name, teamId: app.teamId, scopes: app.scopes, audiences: app.audiences, status: app.status },
    clientSecret,
    secret,
    oldSecretsExpireAt: graceSeconds ? graceEnd : null,
  };
}

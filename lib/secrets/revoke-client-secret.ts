import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { notFound } from "../errors/app-error";
import { resolveApp, type AppRef } from "../apps/app-ref";

/** Revoke one secret of an application now. Revoking an already revoked secret is a no-op. */
export async function revokeClientSecret(
  prisma: PrismaClient,
  ref: AppRef,
  secretId: string,
  actor: Actor,
  now = new Date(),
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const app = await resolveApp(tx, ref);
    const secret = await tx.clientSecret.findFirst({
      where: { id: secretId, applicationId: app.id },
      select: { id: true, hint: true, revokedAt: true },
    });
    if (!secret) throw notFound("Secret not found");
    if (secret.revokedAt) return;
    await tx.clientSecret.update({ where: { id: secret.id }, data: { revokedAt: now } });
    await recordAuditEvent(tx, actor, {
      action: "secret.revoke",
      targetType: "client_secret",
      targetId: secret.id,
      applicationId: app.id,
      details: { hint: secret.hint },
    });
  });
}

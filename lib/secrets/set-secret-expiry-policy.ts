import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../errors/app-error";
import { resolveApp, type AppRef } from "../apps/app-ref";

/** Shortest and longest secret lifetimes an admin may impose. */
export const SECRET_TTL_MIN_S = 3600;
export const SECRET_TTL_MAX_S = 5 * 365 * 86_400;

export const secretTtlSchema = z
  .number()
  .int()
  .min(SECRET_TTL_MIN_S, "At least 1 hour")
  .max(SECRET_TTL_MAX_S, "At most 5 years")
  .nullable();

/**
 * Set (or clear, with null) how long new secrets of an application live. It applies to secrets
 * issued afterwards (registration keeps none, rotation uses it): existing secrets keep their
 * expiry, so a policy change never cuts off a running client by surprise.
 */
export async function setSecretExpiryPolicy(
  prisma: PrismaClient,
  ref: AppRef,
  rawTtlSeconds: number | null,
  actor: Actor,
): Promise<{ secretTtlSeconds: number | null; changed: boolean }> {
  const ttl = parseInput(secretTtlSchema, rawTtlSeconds);
  return prisma.$transaction(async (tx) => {
    const app = await resolveApp(tx, ref);
    if (app.secretTtlSeconds === ttl) return { secretTtlSeconds: ttl, changed: false };
    await tx.application.update({ where: { id: app.id }, data: { secretTtlSeconds: ttl } });
    await recordAuditEvent(tx, actor, {
      action: "app.secret_policy",
      targetType: "application",
      targetId: app.id,
      applicationId: app.id,
      details: { from: app.secretTtlSeconds, to: ttl },
    });
    return { secretTtlSeconds: ttl, changed: true };
  });
}

import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { notFound, parseInput } from "../errors/app-error";
import { appScopeWhere, appWhere, type AppRef } from "./app-ref";

export const requireDpopSchema = z.boolean();

/**
 * Require (or stop requiring) DPoP-bound tokens for one application (RFC 9449 §1, §10: a bound
 * token is useless to a thief without the client's private key). With it on, the token endpoint
 * refuses a request without a DPoP proof. The team and role of the ref (lib/teams/authorize.ts)
 * are part of every query's `where`, so another team's application is not found, and the change commits together
 * with its audit event. The ClientKey/Application notify trigger drops the cached client on every
 * instance, so the token endpoint sees the new setting at once.
 */
export async function setRequireDpop(
  prisma: PrismaClient,
  ref: AppRef,
  rawRequire: boolean,
  actor: Actor,
): Promise<{ requireDpop: boolean; changed: boolean }> {
  const requireDpop = parseInput(requireDpopSchema, rawRequire);
  return prisma.$transaction(async (tx) => {
    const app = await tx.application.findFirst({ where: appWhere(ref), select: { id: true, requireDpop: true } });
    if (!app) throw notFound("Application not found");
    if (app.requireDpop === requireDpop) return { requireDpop, changed: false };
    const updated = await tx.application.updateMany({
      where: { id: app.id, ...appScopeWhere(ref) },
      data: { requireDpop },
    });
    if (updated.count !== 1) throw notFound("Application not found");
    await recordAuditEvent(tx, actor, {
      action: "app.require_dpop",
      targetType: "application",
      targetId: app.id,
      applicationId: app.id,
      details: { from: app.requireDpop, to: requireDpop },
    });
    return { requireDpop, changed: true };
  });
}

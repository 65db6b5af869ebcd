// Revoke a refresh-token family: every token rotated from one grant stops working, the newest
// included (RFC 9700 §4.14.2 on reuse; RFC 7009 §2.1 on revocation). Nothing is stored when a
// token is issued, so the family's row is created here. Whoever flips it from live to revoked —
// one caller, even with several instances racing on a replay — records the audit event and, for a
// reuse, queues the mail to the application's people, all in one transaction (transactional
// outbox, STYLE §20); delivery is tried after commit. Repeats are no-ops: one mail per family.
import type { PrismaClient } from "../../generated/prisma/client";
import type { Actor } from "../../audit/actor";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { appRecipients } from "../../mail/app-recipients";
import { appUrl } from "../../mail";
import type { Mailer, OutboxRow } from "../../mail/mailer";
import { refreshTokenReuseEmail } from "../../../emails/refresh-token-reuse-email";
import { MAX_REFRESH_TOKEN_LIFETIME_SECONDS } from "./refresh-token-codec";

export type RefreshFamilyRevocation = "reuse" | "revoked";

export interface RevokeRefreshFamilyInput {
  familyId: string;
  appId: string;
  reason: RefreshFamilyRevocation;
  /** The presented token's generation (audit and mail details). */
  generation: number;
}

export interface RevokeRefreshFamilyOptions {
  /** Reuse mail: queued in the transaction, delivered after commit. Required for reason "reuse". */
  mailer?: Pick<Mailer, "enqueue" | "deliverQueued">;
  /** The public origin (lib/config/public-origin.ts): the mail links to the application. */
  baseUrl?: string;
  now?: Date;
}

/** True when this call revoked the family; false when it was revoked already. */
export async function revokeRefreshFamily(
  prisma: PrismaClient,
  input: RevokeRefreshFamilyInput,
  actor: Actor,
  options: RevokeRefreshFamilyOptions = {},
): Promise<boolean> {
  const now = options.now ?? new Date();
  // Every token of the family expires within the longest lifetime from now (tokens issued in a
  // race with this revocation included): the row is kept that long, then purged.
  const expiresAt = new Date(now.getTime() + MAX_REFRESH_TOKEN_LIFETIME_SECONDS * 1000);
  const data = { revokedAt: now, revokedReason: input.reason, expiresAt };
  const outbox = await prisma.$transaction(async (tx) => {
    // A row that exists and is live (none today: rows are only written here) is flipped; otherwise
    // the first insert wins. Either statement decides under the row's lock or its primary key.
    const flipped = await tx.refreshTokenFamily.updateMany({ where: { id: input.familyId, applicationId: input.appId, revokedAt: null }, data });
    if (flipped.count === 0) {
      const created = await tx.refreshTokenFamily.createMany({
        data: [{ id: input.familyId, applicationId: input.appId, ...data }],
        skipDuplicates: true,
      });
      if (created.count === 0) return null;
    }
    await recordAuditEvent(tx, actor, {
      action: input.reason === "reuse" ? "refresh_token.reuse_detected" : "refresh_token.revoked",
      targetType: "refresh_token_family",
      targetId: input.familyId,
      applicationId: input.appId,
      details: { generation: input.generation, reason: input.reason },
    });
    const rows: OutboxRow[] = [];
    if (input.reason === "reuse" && options.mailer && options.baseUrl) {
      const app = await tx.application.findUnique({ where: { id: input.appId }, select: { id: true, name: true, clientId: true } });
      if (app) {
        const mail = refreshTokenReuseEmail({
          appName: app.name,
          appUrl: appUrl(options.baseUrl, app.id),
          clientId: app.clientId,
          at: now,
          ip: actor.ip ?? null,
          generation: input.generation,
        });
        for (const to of await appRecipients(tx, app.id)) {
          rows.push(await options.mailer.enqueue(tx, { to, kind: "refresh_token_reuse", applicationId: app.id, ...mail }));
        }
      }
    }
    return rows;
  });
  if (outbox === null) return false;
  if (options.mailer) for (const row of outbox) await options.mailer.deliverQueued(row);
  return true;
}

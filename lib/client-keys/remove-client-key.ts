// Remove one public key of a private_key_jwt application (rotation, or a key believed exposed).
// One transaction with its audit event and the team's "a key was removed" mail; the ClientKey
// notify trigger drops the cached client on every instance, so assertions signed with the key
// are refused within the notification's round trip. Removing the last key is allowed — an owner
// answering a compromise must be able to lock the application out at once.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { notFound } from "../errors/app-error";
import { appWhere, type AppRef } from "../apps/app-ref";
import { clientKeySelect, clientKeyView, type ClientKeyView } from "./client-key-view";
import { deliverQueued, queueKeyChangeEmail, type ClientKeyChangeOptions } from "./queue-key-change-email";

export interface RemoveClientKeyInput {
  app: AppRef;
  /** The key's id (ClientKeyView.id), its RFC 7638 thumbprint, or its kid. */
  key: string;
}

export interface RemovedClientKey {
  app: { id: string; clientId: string; name: string };
  removed: ClientKeyView;
  /** Keys the application still has. */
  remaining: number;
}

export async function removeClientKey(prisma: PrismaClient, input: RemoveClientKeyInput, actor: Actor, options: ClientKeyChangeOptions): Promise<RemovedClientKey> {
  const { result, mailIds } = await prisma.$transaction(async (tx) => {
    const app = await tx.application.findFirst({
      where: appWhere(input.app),
      select: { id: true, clientId: true, name: true },
    });
    if (!app) throw notFound("Application not found");
    // Scoped by the application (itself scoped by team): another app's key id is simply not found.
    const row = await tx.clientKey.findFirst({
      where: { applicationId: app.id, OR: [{ id: input.key }, { thumbprint: input.key }, { kid: input.key }] },
      select: clientKeySelect,
    });
    if (!row) throw notFound("Key not found");
    const deleted = await tx.clientKey.deleteMany({ where: { id: row.id, applicationId: app.id } });
    if (deleted.count !== 1) throw notFound("Key not found");
    const removed = clientKeyView(row);
    const remaining = await tx.clientKey.count({ where: { applicationId: app.id } });
    await recordAuditEvent(tx, actor, {
      action: "client_key.remove",
      targetType: "client_key",
      targetId: row.id,
      applicationId: app.id,
      details: { kid: removed.kid, alg: removed.alg, thumbprint: removed.thumbprint, remaining },
    });
    const mailIds = await queueKeyChangeEmail(tx, actor, { change: "removed", app, keys: [removed] }, options);
    return { result: { app: { id: app.id, clientId: app.clientId, name: app.name }, removed, remaining }, mailIds };
  });
  await deliverQueued(options, mailIds);
  return result;
}

// Set (or clear) where a private_key_jwt application publishes its keys (jwks_uri, RFC 7591 §2).
// Setting it replaces the inline keys in the same transaction (one source of keys at a time, so
// switching is atomic); clearing it leaves the application with the inline keys it registers
// next. Audited, and the team is mailed; the Application notify trigger drops the cached client
// on every instance.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { appWhere, type AppRef } from "../apps/app-ref";
import { checkJwksUri, type JwksUriPolicy } from "./jwks-uri-rule";
import { deliverQueued, queueKeyChangeEmail, type ClientKeyChangeOptions } from "./queue-key-change-email";

export interface SetJwksUriInput {
  app: AppRef;
  /** The new jwks_uri, or null to clear it. */
  jwksUri: string | null;
}

export interface SetJwksUriResult {
  app: { id: string; clientId: string; name: string };
  jwksUri: string | null;
  changed: boolean;
  /** Thumbprints of inline keys the jwks_uri replaced. */
  removedKeys: string[];
}

export async function setJwksUri(
  prisma: PrismaClient,
  input: SetJwksUriInput,
  actor: Actor,
  options: ClientKeyChangeOptions & JwksUriPolicy,
): Promise<SetJwksUriResult> {
  const jwksUri = input.jwksUri === null ? null : checkJwksUri(input.jwksUri, options);
  const { result, mailIds } = await prisma.$transaction(async (tx) => {
    const app = await tx.application.findFirst({
      where: appWhere(input.app),
      select: { id: true, clientId: true, name: true, authMethod: true, jwksUri: true },
    });
    if (!app) throw notFound("Application not found");
    if (app.authMethod !== "private_key_jwt") {
      throw new AppError("conflict", "This application authenticates with a client secret, not with keys.", { jwksUri: ["Not a public-key application."] });
    }
    const summary = { id: app.id, clientId: app.clientId, name: app.name };
    if (app.jwksUri === jwksUri) return { result: { app: summary, jwksUri, changed: false, removedKeys: [] }, mailIds: [] as string[] };
    let removedKeys: string[] = [];
    if (jwksUri) {
      const keys = await tx.clientKey.findMany({ where: { applicationId: app.id }, select: { thumbprint: true } });
      removedKeys = keys.map((k) => k.thumbprint);
      await tx.clientKey.deleteMany({ where: { applicationId: app.id } });
    }
    await tx.application.update({ where: { id: app.id }, data: { jwksUri } });
    await recordAuditEvent(tx, actor, {
      action: "client_key.jwks_uri",
      targetType: "application",
      targetId: app.id,
      applicationId: app.id,
      details: { from: app.jwksUri, to: jwksUri, removedKeys },
    });
    const mailIds = await queueKeyChangeEmail(
      tx,
      actor,
      { change: jwksUri ? "jwks_uri_set" : "jwks_uri_cleared", app, keys: [], jwksUri: jwksUri ?? app.jwksUri },
      options,
    );
    return { result: { app: summary, jwksUri, changed: true, removedKeys }, mailIds };
  });
  await deliverQueued(options, mailIds);
  return result;
}

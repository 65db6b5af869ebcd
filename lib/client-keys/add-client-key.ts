// Register one or more public keys (a pasted JWK, JWKS or PEM) for a private_key_jwt application:
// key rotation without downtime is "add the new key, deploy, remove the old one". One transaction
// with its audit event and the team's "a key was added" mail (the outbox row); the ClientKey
// notify trigger drops the cached client on every instance, so the key works at once.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { appWhere, type AppRef } from "../apps/app-ref";
import { MAX_CLIENT_KEYS, type RsaAlg } from "./client-key-algs";
import { assertDistinct, parseClientKeys } from "./parse-client-keys";
import type { ParsedClientKey } from "./validate-public-jwk";
import { clientKeySelect, clientKeyView, type ClientKeyView } from "./client-key-view";
import { deliverQueued, queueKeyChangeEmail, type ClientKeyChangeOptions } from "./queue-key-change-email";

export interface AddClientKeyInput {
  app: AppRef;
  /** What the owner pasted (JWK, JWKS, PEM), or keys parsed already (parseClientKeys). */
  keys: string | ParsedClientKey[];
  /** The alg of RSA keys that name none (PEM). Default RS256. */
  rsaAlg?: RsaAlg;
}

export interface AddedClientKeys {
  app: { id: string; clientId: string; name: string };
  added: ClientKeyView[];
}

export async function addClientKey(prisma: PrismaClient, input: AddClientKeyInput, actor: Actor, options: ClientKeyChangeOptions): Promise<AddedClientKeys> {
  const parsed = typeof input.keys === "string" ? await parseClientKeys(input.keys, { rsaAlg: input.rsaAlg }) : input.keys;
  if (parsed.length === 0) throw new AppError("invalid_input", "No key to add.", { keys: ["Paste a public key."] });
  const { result, mailIds } = await prisma.$transaction(async (tx) => {
    const app = await tx.application.findFirst({
      where: appWhere(input.app),
      select: {
        id: true,
        clientId: true,
        name: true,
        authMethod: true,
        jwksUri: true,
        keys: { select: { kid: true, thumbprint: true } },
      },
    });
    if (!app) throw notFound("Application not found");
    if (app.authMethod !== "private_key_jwt") {
      throw new AppError("conflict", "This application authenticates with a client secret, not with keys.");
    }
    if (app.jwksUri) {
      throw new AppError("conflict", "This application's keys come from its JWKS URL; remove the URL to register keys here.", { keys: ["Keys come from the JWKS URL."] });
    }
    if (app.keys.length + parsed.length > MAX_CLIENT_KEYS) {
      throw new AppError("invalid_input", `At most ${MAX_CLIENT_KEYS} keys per application.`, { keys: [`At most ${MAX_CLIENT_KEYS} keys; remove one first.`] });
    }
    assertDistinct(parsed, "keys", app.keys);
    const added: ClientKeyView[] = [];
    for (const k of parsed) {
      const row = await tx.clientKey.create({
        data: { applicationId: app.id, thumbprint: k.thumbprint, kid: k.kid, alg: k.alg, jwk: k.jwk },
        select: clientKeySelect,
      });
      added.push(clientKeyView(row));
    }
    await recordAuditEvent(tx, actor, {
      action: "client_key.add",
      targetType: "client_key",
      targetId: added[0]!.id,
      applicationId: app.id,
      details: { keys: added.map((k) => ({ id: k.id, kid: k.kid, alg: k.alg, thumbprint: k.thumbprint })) },
    });
    const mailIds = await queueKeyChangeEmail(tx, actor, { change: "added", app, keys: added }, options);
    return { result: { app: { id: app.id, clientId: app.clientId, name: app.name }, added }, mailIds };
  });
  await deliverQueued(options, mailIds);
  return result;
}

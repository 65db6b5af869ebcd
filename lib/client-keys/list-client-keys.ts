// The keys a private_key_jwt application authenticates with: its inline keys, or its jwks_uri.
import type { PrismaClient } from "../generated/prisma/client";
import { notFound } from "../errors/app-error";
import { appWhere, type AppRef } from "../apps/app-ref";
import { clientKeySelect, clientKeyView, type ClientKeyView } from "./client-key-view";

export interface ClientKeyList {
  authMethod: "client_secret" | "private_key_jwt";
  /** Where the client publishes its keys (null: the inline keys below). */
  jwksUri: string | null;
  /** Inline keys, oldest first. */
  keys: ClientKeyView[];
}

export async function listClientKeys(prisma: PrismaClient, ref: AppRef): Promise<ClientKeyList> {
  const app = await prisma.application.findFirst({
    where: appWhere(ref),
    select: { authMethod: true, jwksUri: true, keys: { select: clientKeySelect, orderBy: { createdAt: "asc" } } },
  });
  if (!app) throw notFound("Application not found");
  return { authMethod: app.authMethod, jwksUri: app.jwksUri, keys: app.keys.map(clientKeyView) };
}

import type { Prisma } from "../generated/prisma/client";
import { notFound } from "../errors/app-error";

/**
 * Which application, as seen by whom. Owners pass their ownerId, and it goes into the query's
 * `where`: another owner's application is simply not found (a 404, never a 403 that would
 * confirm it exists). Admins and the CLI pass no ownerId.
 */
export interface AppRef {
  /** Application id or client_id. */
  id: string;
  ownerId?: string;
}

export function appWhere(ref: AppRef): Prisma.ApplicationWhereInput {
  return {
    OR: [{ id: ref.id }, { clientId: ref.id }],
    ...(ref.ownerId ? { ownerId: ref.ownerId } : {}),
  };
}

/** Resolve a reference to the application's id and current state, or throw not_found. */
export async function resolveApp(tx: Prisma.TransactionClient, ref: AppRef) {
  const app = await tx.application.findFirst({
    where: appWhere(ref),
    select: { id: true, clientId: true, name: true, status: true, ownerId: true, secretTtlSeconds: true, scopes: true, audiences: true, owner: { select: { email: true } } },
  });
  if (!app) throw notFound("Application not found");
  return app;
}

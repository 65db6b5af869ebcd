import type { Prisma } from "../generated/prisma/client";
import { AppError, notFound } from "../errors/app-error";

/** The audience and the application an introspector change names, or a not_found AppError. */
export async function findIntrospectorTarget(tx: Prisma.TransactionClient, input: { identifier: string; clientId: string }) {
  const audience = await tx.audience.findUnique({ where: { identifier: input.identifier }, select: { identifier: true } });
  if (!audience) throw notFound("Audience not found");
  const app = await tx.application.findUnique({ where: { clientId: input.clientId }, select: { id: true, clientId: true, name: true } });
  if (!app) throw new AppError("not_found", "No application has that client_id", { clientId: [`No application with client_id ${input.clientId}`] });
  return { audience: audience.identifier, clientId: app.clientId, applicationId: app.id, name: app.name };
}

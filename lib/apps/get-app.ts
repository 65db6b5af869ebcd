import type { PrismaClient } from "../generated/prisma/client";
import { notFound } from "../errors/app-error";
import { appWhere, type AppRef } from "./app-ref";
import { appSummarySelect, secretSummarySelect, type AppSummary, type SecretSummary } from "./app-view";

export interface AppDetails extends AppSummary {
  secrets: SecretSummary[];
}

/** One application with its secrets (never their digests); not_found outside the ref's team. */
export async function getApp(prisma: PrismaClient, ref: AppRef): Promise<AppDetails> {
  const app = await prisma.application.findFirst({
    where: appWhere(ref),
    select: { ...appSummarySelect, secrets: { select: secretSummarySelect, orderBy: { createdAt: "desc" } } },
  });
  if (!app) throw notFound("Application not found");
  return app;
}

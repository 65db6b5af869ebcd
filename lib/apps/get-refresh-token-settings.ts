// An application's refresh-token settings (opt-in; lib/oauth/refresh), for the admin console.
// Changed through updateApp (lib/apps/update-app.ts), which audits each change.
import type { PrismaClient } from "../generated/prisma/client";
import { notFound } from "../errors/app-error";
import { appWhere, type AppRef } from "./app-ref";

export interface RefreshTokenSettings {
  refreshTokens: boolean;
  /** Seconds; each rotation starts a new lifetime. */
  refreshTokenLifetime: number;
}

export async function getRefreshTokenSettings(prisma: PrismaClient, ref: AppRef): Promise<RefreshTokenSettings> {
  const app = await prisma.application.findFirst({ where: appWhere(ref), select: { refreshTokens: true, refreshTokenLifetime: true } });
  if (!app) throw notFound("Application not found");
  return app;
}

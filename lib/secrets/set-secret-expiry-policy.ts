import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import type { AppRef } from "../apps/app-ref";
import { updateApp } from "../apps/update-app";

export { SECRET_TTL_MIN_S, SECRET_TTL_MAX_S, SECRET_NEVER_EXPIRES, secretTtlSchema } from "./secret-lifetime";

/**
 * Set how long new secrets of an application live: seconds, SECRET_NEVER_EXPIRES (0: never, whatever
 * the deployment default), or null (no policy of its own: KEYPORT_SECRET_TTL applies). It applies
 * to secrets issued afterwards: existing secrets keep their expiry, so a policy change never cuts
 * off a running client by surprise (lib/secrets/secret-lifetime.ts). Audited as app.secret_policy.
 */
export async function setSecretExpiryPolicy(
  prisma: PrismaClient,
  ref: AppRef,
  rawTtlSeconds: number | null,
  actor: Actor,
): Promise<{ secretTtlSeconds: number | null; changed: boolean }> {
  const { app, changes } = await updateApp(prisma, ref, { secretTtlSeconds: rawTtlSeconds }, actor);
  return { secretTtlSeconds: app.secretTtlSeconds, changed: changes.length > 0 };
}

import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { resolveApp, type AppRef } from "./app-ref";

/** Delete an application and its secrets; the caller must confirm by typing its exact name. */
export async function deleteApp(prisma: PrismaClient, ref: AppRef, confirmName: string, actor: Actor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const app = await resolveApp(tx, ref);
    if (confirmName.trim() !== app.name) {
      throw new AppError("invalid_input", "Type the application's name to confirm", {
        confirmName: ["Type the application's exact name to confirm"],
      });
    }
    await tx.application.delete({ where: { id: app.id } });
    await recordAuditEvent(tx, actor, {
      action: "app.delete",
      targetType: "application",
      targetId: app.id,
      applicationId: app.id,
      // Passed explicitly: the application (whose team the database would look up) is gone.
      teamId: app.teamId,
      details: { name: app.name, clientId: app.clientId },
    });
  });
}

// A team disabling or re-enabling one of its own applications (the automation API; the portal
// could use it the same way). Disabling is always the team's to do — a kill switch for a leaked
// credential. Enabling is not, when the application was disabled by an administrator (a denied
// approval, an app disabled for abuse): the team could otherwise undo an admin's decision, and a
// denied registration would become active without ever being approved. So enabling needs the last
// disable to have been the team's own (actor: a member, or an application through the API),
// checked inside the status change's transaction.
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { AppError } from "../errors/app-error";
import type { AppRef } from "./app-ref";
import type { AppSummary } from "./app-view";
import { changeAppStatus } from "./change-app-status";

/** Who counts as "the team" when it comes to undoing a disable. */
const TEAM_ACTOR_TYPES: ReadonlySet<string> = new Set(["user", "app"]);

export const ADMIN_DISABLED_MESSAGE = "An administrator disabled this application; only an administrator can enable it again.";

async function requireTeamDisabled(tx: Prisma.TransactionClient, appId: string): Promise<void> {
  const last = await tx.auditEvent.findFirst({
    where: { applicationId: appId, action: { in: ["app.disable", "app.deny"] } },
    orderBy: { id: "desc" },
    select: { action: true, actorType: true },
  });
  if (!last || last.action === "app.deny" || !TEAM_ACTOR_TYPES.has(last.actorType)) throw new AppError("forbidden", ADMIN_DISABLED_MESSAGE);
}

export async function changeAppStatusAsTeam(
  prisma: PrismaClient,
  { ref, action, reason }: { ref: AppRef; action: "disable" | "enable"; reason?: string },
  actor: Actor,
): Promise<{ app: AppSummary; changed: boolean }> {
  return changeAppStatus(prisma, ref, action, actor, reason, action === "enable" ? (tx, app) => requireTeamDisabled(tx, app.id) : undefined);
}

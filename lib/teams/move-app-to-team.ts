// An admin moves an application to another team (the console's "change team"): from then on that
// team's members have access and get its mail. Audited with both teams; the Application notify
// trigger drops the cached client, so a token's org_id follows at once.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { resolveApp, type AppRef } from "../apps/app-ref";
import { teamWhere } from "./team-ref";

export async function moveAppToTeam(
  prisma: PrismaClient,
  app: AppRef,
  /** The new team's id or slug (both are lower-case). */
  teamId: string,
  actor: Actor,
): Promise<{ changed: boolean; from: { id: string; slug: string }; to: { id: string; slug: string } }> {
  return prisma.$transaction(async (tx) => {
    const current = await resolveApp(tx, app);
    const target = await tx.team.findFirst({ where: teamWhere({ id: teamId.trim().toLowerCase() }), select: { id: true, slug: true } });
    if (!target) throw new AppError("not_found", "Team not found", { team: ["No team with that slug or id"] });
    const from = await tx.team.findUnique({ where: { id: current.teamId }, select: { id: true, slug: true } });
    if (!from) throw notFound("Team not found");
    if (target.id === current.teamId) return { changed: false, from, to: target };
    await tx.application.update({ where: { id: current.id }, data: { teamId: target.id } });
    await recordAuditEvent(tx, actor, {
      action: "app.move_team",
      targetType: "application",
      targetId: current.id,
      applicationId: current.id,
      teamId: target.id,
      details: { from: from.slug, fromTeamId: from.id, to: target.slug, toTeamId: target.id },
    });
    return { changed: true, from, to: target };
  });
}

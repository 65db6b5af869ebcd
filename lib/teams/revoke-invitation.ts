// Withdraw a pending invitation: its link stops working at once.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { notFound } from "../errors/app-error";
import { teamWhere, type TeamRef } from "./team-ref";

/** `team`: a ref from requireTeamRole(…, "admin"). */
export async function revokeInvitation(prisma: PrismaClient, team: TeamRef, invitationId: string, actor: Actor): Promise<{ email: string }> {
  return prisma.$transaction(async (tx) => {
    const found = await tx.team.findFirst({ where: teamWhere(team), select: { id: true } });
    if (!found) throw notFound("Team not found");
    const invitation = await tx.teamInvitation.findFirst({ where: { id: invitationId, teamId: found.id, acceptedAt: null }, select: { id: true, email: true, role: true } });
    if (!invitation) throw notFound("Invitation not found");
    await tx.teamInvitation.delete({ where: { id: invitation.id } });
    await recordAuditEvent(tx, actor, {
      action: "team.invite_revoke",
      targetType: "team_invitation",
      targetId: invitation.id,
      teamId: found.id,
      details: { email: invitation.email, role: invitation.role },
    });
    return { email: invitation.email };
  });
}

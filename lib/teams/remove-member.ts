// Remove a member from a team, or leave it (the member removing themself). Takes effect on their
// next request: authorization reads membership from the database every time (lib/teams/authorize.ts).
// The last admin cannot leave or be removed, nor can a personal team's owner — enforced here,
// inside the transaction, under the team's row lock.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { teamWhere, type TeamRef } from "./team-ref";
import { lockTeam } from "./lock-team";
import { LAST_ADMIN_MESSAGE } from "./change-member-role";

/**
 * `team`: a ref from requireTeamRole — with "admin" to remove someone else, with "viewer" (any
 * member) when `userId` is the member themself leaving.
 */
export async function removeMember(prisma: PrismaClient, team: TeamRef, userId: string, actor: Actor): Promise<{ email: string; left: boolean }> {
  const leaving = team.member?.userId === userId;
  return prisma.$transaction(async (tx) => {
    const found = await tx.team.findFirst({ where: teamWhere(team), select: { id: true, personalUserId: true } });
    if (!found || !(await lockTeam(tx, found.id))) throw notFound("Team not found");
    const member = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId: found.id, userId } }, select: { role: true, user: { select: { email: true } } } });
    if (!member) throw notFound("Member not found");
    if (found.personalUserId === userId) {
      throw new AppError("conflict", leaving ? "You cannot leave your personal team." : "This is their personal team: its owner cannot be removed.");
    }
    if (member.role === "admin") {
      const admins = await tx.teamMember.count({ where: { teamId: found.id, role: "admin" } });
      if (admins <= 1) throw new AppError("conflict", leaving ? "You are the team's last admin: make someone else an admin before you leave." : LAST_ADMIN_MESSAGE);
    }
    await tx.teamMember.delete({ where: { teamId_userId: { teamId: found.id, userId } } });
    await recordAuditEvent(tx, actor, {
      action: leaving ? "team.leave" : "team.member_remove",
      targetType: "user",
      targetId: userId,
      teamId: found.id,
      details: { email: member.user.email, role: member.role },
    });
    return { email: member.user.email, left: leaving };
  });
}

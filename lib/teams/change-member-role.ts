// Change a member's role. A team always keeps at least one admin, and a personal team's owner
// stays its admin: both are enforced here, inside the transaction, under the team's row lock
// (lib/teams/lock-team.ts) — not only by hiding buttons.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound, parseInput } from "../errors/app-error";
import { teamRoleSchema } from "./team-schemas";
import { teamWhere, type TeamRef } from "./team-ref";
import type { TeamRole } from "./team-roles";
import { lockTeam } from "./lock-team";

export const LAST_ADMIN_MESSAGE = "A team always keeps at least one admin: make someone else an admin first.";
export const PERSONAL_OWNER_MESSAGE = "This is their personal team: its owner stays its admin.";

/** `team`: a ref from requireTeamRole(…, "admin"). */
export async function changeMemberRole(
  prisma: PrismaClient,
  team: TeamRef,
  input: { userId: string; role: TeamRole },
  actor: Actor,
): Promise<{ from: TeamRole; to: TeamRole; changed: boolean }> {
  const role = parseInput(teamRoleSchema, input.role);
  return prisma.$transaction(async (tx) => {
    const found = await tx.team.findFirst({ where: teamWhere(team), select: { id: true, personalUserId: true } });
    if (!found || !(await lockTeam(tx, found.id))) throw notFound("Team not found");
    const member = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId: found.id, userId: input.userId } }, select: { role: true, user: { select: { email: true } } } });
    if (!member) throw notFound("Member not found");
    if (member.role === role) return { from: role, to: role, changed: false };
    if (member.role === "admin") {
      if (found.personalUserId === input.userId) throw new AppError("conflict", PERSONAL_OWNER_MESSAGE);
      const admins = await tx.teamMember.count({ where: { teamId: found.id, role: "admin" } });
      if (admins <= 1) throw new AppError("conflict", LAST_ADMIN_MESSAGE);
    }
    await tx.teamMember.update({ where: { teamId_userId: { teamId: found.id, userId: input.userId } }, data: { role } });
    await recordAuditEvent(tx, actor, {
      action: "team.member_role",
      targetType: "user",
      targetId: input.userId,
      teamId: found.id,
      details: { email: member.user.email, from: member.role, to: role },
    });
    return { from: member.role, to: role, changed: true };
  });
}

// Accept an invitation: only once, before it expires, and only signed in with the address it was
// sent to. The claim (acceptedAt) is a conditional update, so two tabs — or a replayed request —
// cannot both use it. Someone already in the team keeps their role.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound } from "../errors/app-error";
import { invitationTokenDigest, isWellFormedInvitationToken } from "./invitation-token";
import type { TeamRole } from "./team-roles";

export interface AcceptedInvitation {
  team: { id: string; slug: string; name: string };
  role: TeamRole;
  /** False: the user was a member already (their role is unchanged). */
  joined: boolean;
}

export async function acceptInvitation(
  prisma: PrismaClient,
  input: { token: string; user: { id: string; email: string } },
  actor: Actor,
  now = new Date(),
): Promise<AcceptedInvitation> {
  if (!isWellFormedInvitationToken(input.token)) throw notFound("This invitation link is not valid.");
  const digest = invitationTokenDigest(input.token);
  return prisma.$transaction(async (tx) => {
    const invitation = await tx.teamInvitation.findUnique({
      where: { tokenDigest: digest },
      select: { id: true, email: true, role: true, expiresAt: true, acceptedAt: true, team: { select: { id: true, slug: true, name: true } } },
    });
    if (!invitation) throw notFound("This invitation link is not valid (it may have been revoked or replaced by a newer one).");
    if (invitation.acceptedAt) throw new AppError("conflict", "This invitation has already been used.");
    if (invitation.expiresAt <= now) throw new AppError("conflict", "This invitation has expired. Ask a team admin to invite you again.");
    if (invitation.email !== input.user.email.toLowerCase()) {
      throw new AppError("forbidden", "This invitation was sent to another email address. Sign in with that address to accept it.");
    }
    // Single use, even against a concurrent acceptance of the same link.
    const claimed = await tx.teamInvitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("conflict", "This invitation has already been used.");
    const existing = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId: invitation.team.id, userId: input.user.id } }, select: { role: true } });
    if (existing) return { team: invitation.team, role: existing.role, joined: false };
    await tx.teamMember.create({ data: { teamId: invitation.team.id, userId: input.user.id, role: invitation.role } });
    await recordAuditEvent(tx, actor, {
      action: "team.join",
      targetType: "user",
      targetId: input.user.id,
      teamId: invitation.team.id,
      details: { email: invitation.email, role: invitation.role, invitationId: invitation.id },
    });
    return { team: invitation.team, role: invitation.role, joined: true };
  });
}

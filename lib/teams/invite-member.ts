// Invite someone to a team by email. The invitation row and its mail commit in one transaction
// (transactional outbox); the token exists only in the mail (its SHA-256 is stored). Inviting an
// address again replaces the pending invitation: the older link stops working.
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound, parseInput } from "../errors/app-error";
import { emailSchema } from "../apps/app-schemas";
import type { Mailer, QueuedMail } from "../mail/mailer";
import { teamInvitationEmail } from "../../emails/team-invitation-email";
import { maySignIn } from "../auth/may-sign-in";
import { teamRoleSchema } from "./team-schemas";
import { teamWhere, type TeamRef } from "./team-ref";
import type { TeamRole } from "./team-roles";
import { lockTeam } from "./lock-team";
import { generateInvitationToken, INVITATION_TTL_SECONDS, invitationTokenDigest, invitationUrl } from "./invitation-token";

export const inviteMemberSchema = z.object({ email: emailSchema, role: teamRoleSchema });
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

/** Pending invitations a team may have at once: an admin account cannot be made to mail the world. */
export const MAX_PENDING_INVITATIONS = 50;

export interface InviteOptions {
  mailer: Pick<Mailer, "enqueue" | "deliverQueued">;
  /** The public origin: the acceptance link in the mail. */
  baseUrl: string;
  /** Who may sign in (KEYPORT_ALLOWED_EMAILS, admins): an address that could never accept is refused. */
  signInPolicy?: Parameters<typeof maySignIn>[2];
  now?: Date;
}

export interface Invitation {
  id: string;
  teamId: string;
  email: string;
  role: TeamRole;
  expiresAt: Date;
  mail: QueuedMail;
}

/** `team`: a ref from requireTeamRole(…, "admin") — re-checked in the transaction. */
export async function inviteMember(prisma: PrismaClient, team: TeamRef, rawInput: InviteMemberInput, actor: Actor, options: InviteOptions): Promise<Invitation> {
  const input = parseInput(inviteMemberSchema, rawInput);
  if (options.signInPolicy && !(await maySignIn(prisma, input.email, options.signInPolicy))) {
    throw new AppError("invalid_input", "That address cannot sign in to this Keyport", { email: ["Not on this Keyport's list of addresses that may sign in"] });
  }
  const now = options.now ?? new Date();
  const token = generateInvitationToken();
  const { invitation, outbox } = await prisma.$transaction(async (tx) => {
    const found = await tx.team.findFirst({ where: teamWhere(team), select: { id: true, name: true } });
    if (!found || !(await lockTeam(tx, found.id))) throw notFound("Team not found");
    const member = await tx.teamMember.findFirst({ where: { teamId: found.id, user: { email: input.email } }, select: { role: true } });
    if (member) throw new AppError("conflict", `${input.email} is already a member`, { email: [`Already a member (${member.role})`] });
    await tx.teamInvitation.deleteMany({ where: { teamId: found.id, email: input.email, acceptedAt: null } });
    const pending = await tx.teamInvitation.count({ where: { teamId: found.id, acceptedAt: null, expiresAt: { gt: now } } });
    if (pending >= MAX_PENDING_INVITATIONS) {
      throw new AppError("conflict", `This team already has ${MAX_PENDING_INVITATIONS} pending invitations; revoke some first.`);
    }
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_SECONDS * 1000);
    const invitedById = actor.type === "user" || actor.type === "admin" ? (actor.id ?? null) : null;
    const row = await tx.teamInvitation.create({
      data: { teamId: found.id, email: input.email, role: input.role, tokenDigest: invitationTokenDigest(token), invitedById, expiresAt },
      select: { id: true, teamId: true, email: true, role: true, expiresAt: true },
    });
    const rendered = teamInvitationEmail({
      teamName: found.name,
      role: input.role,
      invitedBy: actor.type === "user" ? (actor.email ?? null) : null,
      acceptUrl: invitationUrl(options.baseUrl, token),
      expiresAt,
    });
    const outbox = await options.mailer.enqueue(tx, { to: input.email, kind: "team_invitation", ...rendered });
    await recordAuditEvent(tx, actor, {
      action: "team.invite",
      targetType: "team_invitation",
      targetId: row.id,
      teamId: found.id,
      details: { email: row.email, role: row.role, expiresAt: expiresAt.toISOString() },
    });
    return { invitation: row, outbox };
  });
  return { ...invitation, mail: await options.mailer.deliverQueued(outbox) };
}

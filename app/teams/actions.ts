"use server";
// Team actions of the portal. Each: authenticate → validate → authorize through the team
// (lib/teams/authorize.ts: not a member → not_found, a role too weak → forbidden) → one domain
// function with the TeamRef that check returned (its queries re-check the role) → map.
import { z } from "zod";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { getPrisma } from "@/lib/runtime";
import { getConfig } from "@/lib/config/env";
import { publicOrigin } from "@/lib/config/public-origin";
import { getMailer } from "@/lib/mail";
import { actorFromRequest, principalOf, requireUser } from "@/app/_lib/session";
import { formError, type FormState } from "@/app/_lib/form-state";
import { requireTeamRole } from "@/lib/teams/authorize";
import { teamIdSchema, teamRoleSchema } from "@/lib/teams/team-schemas";
import { createTeam } from "@/lib/teams/create-team";
import { inviteMember } from "@/lib/teams/invite-member";
import { revokeInvitation } from "@/lib/teams/revoke-invitation";
import { changeMemberRole } from "@/lib/teams/change-member-role";
import { removeMember } from "@/lib/teams/remove-member";
import { acceptInvitation } from "@/lib/teams/accept-invitation";

const idSchema = z.string().trim().min(1).max(100);

function field(form: FormData, name: string): string {
  const v = form instanceof FormData ? form.get(name) : null;
  return typeof v === "string" ? v : "";
}

function refresh(slug: string) {
  revalidatePath("/teams");
  revalidatePath(`/teams/${slug}`);
}

export async function createTeamAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser("/teams");
  let slug: string;
  try {
    const team = await createTeam(await getPrisma(), { name: field(form, "name"), slug: field(form, "slug") }, { userId: user.id }, await actorFromRequest(user, "user"));
    slug = team.slug;
  } catch (err) {
    return formError(err, "create team");
  }
  revalidatePath("/teams");
  redirect(`/teams/${encodeURIComponent(slug)}?created=1`);
}

export async function inviteMemberAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  try {
    const input = z.object({ teamId: teamIdSchema, role: teamRoleSchema }).parse({ teamId: field(form, "teamId"), role: field(form, "role") });
    const prisma = await getPrisma();
    const { ref, team } = await requireTeamRole(prisma, principalOf(user), input.teamId, "admin");
    const config = getConfig();
    const invitation = await inviteMember(prisma, ref, { email: field(form, "email"), role: input.role }, await actorFromRequest(user, "user"), {
      mailer: await getMailer(),
      baseUrl: publicOrigin(config),
      signInPolicy: config,
    });
    refresh(team.slug);
    const mailed = invitation.mail.status === "sent" ? "emailed" : "queued for delivery";
    return { ok: true, message: `Invitation for ${invitation.email} (${invitation.role}) ${mailed}. It can be accepted until ${invitation.expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC.` };
  } catch (err) {
    return formError(err, "invite member");
  }
}

// The row holding the form is gone once this succeeds: the outcome travels to the page in its URL.
export async function revokeInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  let slug: string;
  try {
    const input = z.object({ teamId: teamIdSchema, invitationId: idSchema }).parse({ teamId: field(form, "teamId"), invitationId: field(form, "invitationId") });
    const prisma = await getPrisma();
    const { ref, team } = await requireTeamRole(prisma, principalOf(user), input.teamId, "admin");
    await revokeInvitation(prisma, ref, input.invitationId, await actorFromRequest(user, "user"));
    refresh(team.slug);
    slug = team.slug;
  } catch (err) {
    return formError(err, "revoke invitation");
  }
  redirect(`/teams/${encodeURIComponent(slug)}?revoked=1#invite`);
}

export async function changeRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  try {
    const input = z
      .object({ teamId: teamIdSchema, userId: idSchema, role: teamRoleSchema })
      .parse({ teamId: field(form, "teamId"), userId: field(form, "userId"), role: field(form, "role") });
    const prisma = await getPrisma();
    const { ref, team } = await requireTeamRole(prisma, principalOf(user), input.teamId, "admin");
    const result = await changeMemberRole(prisma, ref, { userId: input.userId, role: input.role }, await actorFromRequest(user, "user"));
    refresh(team.slug);
    return { ok: true, message: result.changed ? `Role changed from ${result.from} to ${result.to}.` : "Nothing changed." };
  } catch (err) {
    return formError(err, "change member role");
  }
}

// As for invitations, the member's row (and its form) is gone afterwards: the outcome goes in the URL.
export async function removeMemberAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  let slug: string;
  try {
    const input = z.object({ teamId: teamIdSchema, userId: idSchema }).parse({ teamId: field(form, "teamId"), userId: field(form, "userId") });
    const prisma = await getPrisma();
    const { ref, team } = await requireTeamRole(prisma, principalOf(user), input.teamId, "admin");
    await removeMember(prisma, ref, input.userId, await actorFromRequest(user, "user"));
    refresh(team.slug);
    slug = team.slug;
  } catch (err) {
    return formError(err, "remove member");
  }
  redirect(`/teams/${encodeURIComponent(slug)}?removed=1`);
}

export async function leaveTeamAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  try {
    const teamId = teamIdSchema.parse(field(form, "teamId"));
    const prisma = await getPrisma();
    // Any member may leave (the last admin and a personal team's owner may not: lib/teams/remove-member.ts).
    const { ref, team } = await requireTeamRole(prisma, principalOf(user), teamId, "viewer");
    await removeMember(prisma, ref, user.id, await actorFromRequest(user, "user"));
    refresh(team.slug);
  } catch (err) {
    return formError(err, "leave team");
  }
  redirect("/teams?left=1");
}

export async function acceptInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  let slug: string;
  try {
    const token = z.string().trim().min(1).max(200).parse(field(form, "token"));
    const accepted = await acceptInvitation(await getPrisma(), { token, user: { id: user.id, email: user.email } }, await actorFromRequest(user, "user"));
    slug = accepted.team.slug;
  } catch (err) {
    return formError(err, "accept invitation");
  }
  revalidatePath("/teams");
  redirect(`/teams/${encodeURIComponent(slug)}?joined=1`);
}

// The calling application's team: its members and invitations — the portal's lib/teams functions
// (the last-admin and personal-team rules live there). Reading needs keyport:apps:read (a viewer
// sees the members); changes need keyport:teams:write, which stands for the team's admin role.
import { z } from "zod";
import { publicOrigin } from "../../config/public-origin";
import { emailSchema } from "../../apps/app-schemas";
import { getTeam, type TeamDetails } from "../../teams/get-team";
import { inviteMember } from "../../teams/invite-member";
import { revokeInvitation } from "../../teams/revoke-invitation";
import { changeMemberRole } from "../../teams/change-member-role";
import { removeMember } from "../../teams/remove-member";
import { requireTeamRole } from "../../teams/authorize";
import { teamRoleSchema } from "../../teams/team-schemas";
import { getMailer } from "../../mail/process-mailer";
import { defineRoute } from "../api-route";
import { iso, timestampSchema } from "./common-schemas";

const TAGS = ["Team"];

const roleSchema = teamRoleSchema.meta({ description: "admin (members, deleting apps) · developer (register apps, secrets, keys) · viewer (read only)" });

const memberSchema = z.object({ user_id: z.string(), email: z.string(), role: roleSchema, since: timestampSchema }).meta({ id: "TeamMember" });
const invitationSchema = z
  .object({ id: z.string(), email: z.string(), role: roleSchema, created_at: timestampSchema, expires_at: timestampSchema, invited_by: z.string().nullable() })
  .meta({ id: "TeamInvitation" });
const teamSchema = z
  .object({
    id: z.string().meta({ description: "The org_id of tokens requested with organization" }),
    slug: z.string(),
    name: z.string(),
    personal: z.boolean().meta({ description: "A person's personal team: its owner always stays its admin" }),
    created_at: timestampSchema,
    members: z.array(memberSchema),
    invitations: z.array(invitationSchema).meta({ description: "Pending (not accepted, not expired)" }),
    application_count: z.number().int(),
  })
  .meta({ id: "Team" });

const membersOut = (t: TeamDetails) => t.members.map((m) => ({ user_id: m.userId, email: m.email, role: m.role, since: iso(m.since) }));
const userParams = z.strictObject({ user_id: z.string().trim().min(1).max(100).meta({ description: "The member's user_id (from GET /team/members)" }) });

export const TEAM_ROUTES = [
  defineRoute({
    method: "GET",
    path: "/team",
    operationId: "getTeam",
    summary: "Your team: members and pending invitations",
    description: "The team the calling application belongs to (the API acts for it).",
    tags: TAGS,
    scope: "keyport:apps:read",
    params: null,
    query: null,
    body: null,
    response: { status: 200, description: "The team", schema: teamSchema },
    async handler({ services, principal }) {
      const { ref } = await requireTeamRole(services.prisma, principal, principal.teamId, "viewer");
      const t = await getTeam(services.prisma, ref);
      return {
        body: {
          id: t.id,
          slug: t.slug,
          name: t.name,
          personal: t.personalUserId !== null,
          created_at: iso(t.createdAt),
          members: membersOut(t),
          invitations: t.invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, created_at: iso(i.createdAt), expires_at: iso(i.expiresAt), invited_by: i.invitedBy })),
          application_count: t.applications.length + t.moreApplications,
        },
      };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/team/members",
    operationId: "listTeamMembers",
    summary: "List your team's members",
    description: "Admins first, then developers and viewers; each group oldest first.",
    tags: TAGS,
    scope: "keyport:apps:read",
    params: null,
    query: null,
    body: null,
    response: { status: 200, description: "The members", schema: z.object({ items: z.array(memberSchema) }).meta({ id: "TeamMemberList" }) },
    async handler({ services, principal }) {
      const { ref } = await requireTeamRole(services.prisma, principal, principal.teamId, "viewer");
      return { body: { items: membersOut(await getTeam(services.prisma, ref)) } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/team/invitations",
    operationId: "inviteTeamMember",
    summary: "Invite someone by email",
    description: "They get an invitation mail and accept it after signing in to the portal.",
    tags: TAGS,
    scope: "keyport:teams:write",
    params: null,
    query: null,
    body: z.strictObject({ email: emailSchema.meta({ example: "dev@example.com" }), role: roleSchema }),
    response: {
      status: 201,
      description: "Invited",
      schema: z
        .object({ id: z.string(), email: z.string(), role: roleSchema, expires_at: timestampSchema, mail_status: z.string().meta({ description: "queued, sent or failed" }) })
        .meta({ id: "TeamInvitationCreated" }),
    },
    async handler({ services, principal, body, actor }) {
      const { ref } = await requireTeamRole(services.prisma, principal, principal.teamId, "admin");
      const inv = await inviteMember(services.prisma, ref, { email: body.email, role: body.role }, actor, { mailer: await getMailer(), baseUrl: publicOrigin(services.config) });
      return { body: { id: inv.id, email: inv.email, role: inv.role, expires_at: iso(inv.expiresAt), mail_status: inv.mail.status } };
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/team/invitations/{invitation_id}",
    operationId: "revokeTeamInvitation",
    summary: "Withdraw a pending invitation",
    tags: TAGS,
    scope: "keyport:teams:write",
    params: z.strictObject({ invitation_id: z.string().trim().min(1).max(100) }),
    query: null,
    body: null,
    response: { status: 200, description: "Withdrawn", schema: z.object({ id: z.string(), email: z.string(), revoked: z.literal(true) }).meta({ id: "TeamInvitationRevoked" }) },
    async handler({ services, principal, params, actor }) {
      const { ref } = await requireTeamRole(services.prisma, principal, principal.teamId, "admin");
      const r = await revokeInvitation(services.prisma, ref, params.invitation_id, actor);
      return { body: { id: params.invitation_id, email: r.email, revoked: true as const } };
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/team/members/{user_id}",
    operationId: "changeTeamMemberRole",
    summary: "Change a member's role",
    description: "A team always keeps at least one admin, and a personal team's owner stays its admin (409 otherwise).",
    tags: TAGS,
    scope: "keyport:teams:write",
    params: userParams,
    query: null,
    body: z.strictObject({ role: roleSchema }),
    response: {
      status: 200,
      description: "The member's role now",
      schema: z.object({ user_id: z.string(), from: roleSchema, role: roleSchema, changed: z.boolean() }).meta({ id: "TeamMemberRoleChanged" }),
    },
    async handler({ services, principal, params, body, actor }) {
      const { ref } = await requireTeamRole(services.prisma, principal, principal.teamId, "admin");
      const r = await changeMemberRole(services.prisma, ref, { userId: params.user_id, role: body.role }, actor);
      return { body: { user_id: params.user_id, from: r.from, role: r.to, changed: r.changed } };
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/team/members/{user_id}",
    operationId: "removeTeamMember",
    summary: "Remove a member",
    description: "Takes effect on their next request. The last admin, and a personal team's owner, cannot be removed (409).",
    tags: TAGS,
    scope: "keyport:teams:write",
    params: userParams,
    query: null,
    body: null,
    response: { status: 200, description: "Removed", schema: z.object({ user_id: z.string(), email: z.string(), removed: z.literal(true) }).meta({ id: "TeamMemberRemoved" }) },
    async handler({ services, principal, params, actor }) {
      const { ref } = await requireTeamRole(services.prisma, principal, principal.teamId, "admin");
      const r = await removeMember(services.prisma, ref, params.user_id, actor);
      return { body: { user_id: params.user_id, email: r.email, removed: true as const } };
    },
  }),
];

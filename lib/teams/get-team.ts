// One team as its members (and admins of the console) see it: members with their roles, pending
// invitations (never their tokens), and its applications.
import type { PrismaClient } from "../generated/prisma/client";
import { notFound } from "../errors/app-error";
import { teamWhere, type TeamRef } from "./team-ref";
import type { TeamRole } from "./team-roles";

export interface TeamDetails {
  id: string;
  slug: string;
  name: string;
  /** The user whose personal team this is (null: a shared team). */
  personalUserId: string | null;
  createdAt: Date;
  members: Array<{ userId: string; email: string; role: TeamRole; since: Date }>;
  invitations: Array<{ id: string; email: string; role: TeamRole; createdAt: Date; expiresAt: Date; invitedBy: string | null }>;
  applications: Array<{ id: string; clientId: string; name: string; status: "pending" | "active" | "disabled"; createdAt: Date }>;
  /** Applications beyond the ones listed. */
  moreApplications: number;
}

const APPS_SHOWN = 100;

export async function getTeam(prisma: PrismaClient, ref: TeamRef, now = new Date()): Promise<TeamDetails> {
  const team = await prisma.team.findFirst({
    where: teamWhere(ref),
    select: {
      id: true,
      slug: true,
      name: true,
      personalUserId: true,
      createdAt: true,
      members: { select: { userId: true, role: true, createdAt: true, user: { select: { email: true } } }, orderBy: [{ role: "asc" }, { createdAt: "asc" }] },
      invitations: {
        where: { acceptedAt: null, expiresAt: { gt: now } },
        select: { id: true, email: true, role: true, createdAt: true, expiresAt: true, invitedBy: { select: { email: true } } },
        orderBy: { createdAt: "desc" },
      },
      applications: { select: { id: true, clientId: true, name: true, status: true, createdAt: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: APPS_SHOWN },
      _count: { select: { applications: true } },
    },
  });
  if (!team) throw notFound("Team not found");
  return {
    id: team.id,
    slug: team.slug,
    name: team.name,
    personalUserId: team.personalUserId,
    createdAt: team.createdAt,
    members: team.members.map((m) => ({ userId: m.userId, email: m.user.email, role: m.role, since: m.createdAt })),
    invitations: team.invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, createdAt: i.createdAt, expiresAt: i.expiresAt, invitedBy: i.invitedBy?.email ?? null })),
    applications: team.applications,
    moreApplications: Math.max(0, team._count.applications - team.applications.length),
  };
}

import type { PrismaClient } from "../generated/prisma/client";
import type { TeamRole } from "./team-roles";

export interface UserTeam {
  id: string;
  slug: string;
  name: string;
  personal: boolean;
  role: TeamRole;
  members: number;
  applications: number;
}

/** The teams `userId` is a member of, with their role: the personal team first, then by name. */
export async function listUserTeams(prisma: PrismaClient, userId: string): Promise<UserTeam[]> {
  const rows = await prisma.teamMember.findMany({
    where: { userId },
    select: {
      role: true,
      team: { select: { id: true, slug: true, name: true, personalUserId: true, _count: { select: { members: true, applications: true } } } },
    },
  });
  return rows
    .map(({ role, team }) => ({
      id: team.id,
      slug: team.slug,
      name: team.name,
      personal: team.personalUserId === userId,
      role,
      members: team._count.members,
      applications: team._count.applications,
    }))
    .sort((a, b) => Number(b.personal) - Number(a.personal) || a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
}

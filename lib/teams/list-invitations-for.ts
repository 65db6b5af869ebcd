import type { PrismaClient } from "../generated/prisma/client";
import type { TeamRole } from "./team-roles";

/**
 * Pending, unexpired invitations sent to `email`: the teams page shows them to the signed-in
 * person. The link in the mail is what accepts one (the token is never stored), so this only
 * tells them to look for it.
 */
export async function listInvitationsFor(
  prisma: PrismaClient,
  email: string,
  now = new Date(),
): Promise<Array<{ id: string; teamName: string; role: TeamRole; expiresAt: Date }>> {
  const rows = await prisma.teamInvitation.findMany({
    where: { email: email.toLowerCase(), acceptedAt: null, expiresAt: { gt: now } },
    select: { id: true, role: true, expiresAt: true, team: { select: { name: true } } },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  return rows.map((r) => ({ id: r.id, teamName: r.team.name, role: r.role, expiresAt: r.expiresAt }));
}

// What the acceptance page shows about an invitation link, before anything is accepted.
import type { PrismaClient } from "../generated/prisma/client";
import { invitationTokenDigest, isWellFormedInvitationToken } from "./invitation-token";
import type { TeamRole } from "./team-roles";

export interface InvitationPreview {
  teamName: string;
  teamSlug: string;
  role: TeamRole;
  /** pending: can be accepted (by someone signed in with `email`). */
  state: "pending" | "accepted" | "expired";
  /** The invited address (compared with the signed-in user's; the page never shows it to someone else). */
  email: string;
  expiresAt: Date;
}

/** null for a token that is not (or no longer) an invitation: revoked, replaced, or made up. */
export async function getInvitation(prisma: PrismaClient, token: string, now = new Date()): Promise<InvitationPreview | null> {
  if (!isWellFormedInvitationToken(token)) return null;
  const row = await prisma.teamInvitation.findUnique({
    where: { tokenDigest: invitationTokenDigest(token) },
    select: { email: true, role: true, expiresAt: true, acceptedAt: true, team: { select: { name: true, slug: true } } },
  });
  if (!row) return null;
  return {
    teamName: row.team.name,
    teamSlug: row.team.slug,
    role: row.role,
    state: row.acceptedAt ? "accepted" : row.expiresAt <= now ? "expired" : "pending",
    email: row.email,
    expiresAt: row.expiresAt,
  };
}

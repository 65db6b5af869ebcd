import type { Prisma } from "../generated/prisma/client";
import type { TeamRole } from "./team-roles";

/**
 * Which team, as seen by whom (like lib/apps/app-ref.ts). `member` goes into every query's
 * `where`: a domain function given a ref from requireTeamRole() re-checks, inside its own
 * transaction, that the person still holds one of `roles` — a member removed a moment ago finds
 * nothing. Admins (the console) and the CLI pass only the id.
 */
export interface TeamRef {
  /** Team id or slug. */
  id: string;
  member?: { userId: string; roles: readonly TeamRole[] };
}

export function teamWhere(ref: TeamRef): Prisma.TeamWhereInput {
  return {
    OR: [{ id: ref.id }, { slug: ref.id }],
    ...(ref.member ? { members: { some: { userId: ref.member.userId, role: { in: [...ref.member.roles] } } } } : {}),
  };
}

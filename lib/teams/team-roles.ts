// Team roles, weakest first: viewer (read only) < developer (register apps, rotate and revoke
// secrets, manage keys and settings) < admin (members and invitations, deleting apps). Each role
// may do everything the weaker ones may.
export const TEAM_ROLES = ["admin", "developer", "viewer"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

const RANK: Record<TeamRole, number> = { viewer: 0, developer: 1, admin: 2 };

/** Does `role` include what `need` may do? */
export function hasRole(role: TeamRole, need: TeamRole): boolean {
  return RANK[role] >= RANK[need];
}

/** The roles that include `need` (for a query's `role IN (…)`). */
export function rolesAtLeast(need: TeamRole): TeamRole[] {
  return TEAM_ROLES.filter((r) => RANK[r] >= RANK[need]);
}

/** Who is told about a team's applications (lib/mail/app-recipients.ts): the roles that can act on them. */
export const NOTIFIED_ROLES: readonly TeamRole[] = rolesAtLeast("developer");

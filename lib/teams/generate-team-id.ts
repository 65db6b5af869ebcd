import crypto from "node:crypto";

/**
 * "team_" and 96 random bits in hex: a team's id (its `org_id` in tokens). The teams migration
 * gave existing users' teams ids of the same shape, derived from the user id.
 */
export function generateTeamId(): string {
  return `team_${crypto.randomBytes(12).toString("hex")}`;
}

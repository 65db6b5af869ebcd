// Invitation tokens: 256 random bits with a recognisable prefix, mailed once; only SHA-256 of the
// token is stored (TeamInvitation.tokenDigest), like session tokens (lib/auth/hashed-sessions.ts).
import { createHash, randomBytes } from "node:crypto";

export const INVITATION_TOKEN_PREFIX = "kpi_";
/** How long an invitation can be accepted. */
export const INVITATION_TTL_SECONDS = 7 * 86_400;

export function generateInvitationToken(): string {
  return INVITATION_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function invitationTokenDigest(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Could `token` be one of ours? Anything else is refused before a lookup. */
export function isWellFormedInvitationToken(token: string): boolean {
  return /^kpi_[A-Za-z0-9_-]{43}$/.test(token);
}

/** The acceptance page of `token` on the public origin. */
export function invitationUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/invitations/${encodeURIComponent(token)}`;
}

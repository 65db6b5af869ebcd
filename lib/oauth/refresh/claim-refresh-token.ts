// Single use of a refresh token (RFC 9700 §4.14.2: rotation), decided on the shared database in
// one statement so two instances redeeming the same token at once cannot both win — the primary
// key of RefreshTokenUse does. Only the digest is stored, never the token.
import type { SqlSession } from "../../db/database";

/**
 * claimed: first use, go on and rotate. reused: this token was redeemed before — a replay, the
 * caller revokes the family. revoked: the family is revoked (reuse found earlier, RFC 7009, …).
 */
export type RefreshTokenClaim = "claimed" | "reused" | "revoked";

// The family check and the insert in one round trip: nothing is recorded for a revoked family.
// Timestamps are timestamp(3) without time zone holding UTC (Prisma's DateTime): ISO strings in,
// explicit casts (INSERT … SELECT does not infer parameter types).
const CLAIM = `
  WITH fam AS (
    SELECT 1 FROM "RefreshTokenFamily" WHERE id = $2::text AND "revokedAt" IS NOT NULL
  ), ins AS (
    INSERT INTO "RefreshTokenUse" (digest, "familyId", "usedAt", "expiresAt")
    SELECT $1::text, $2::text, (now() AT TIME ZONE 'UTC'), $3::timestamp(3)
     WHERE NOT EXISTS (SELECT 1 FROM fam)
    ON CONFLICT (digest) DO NOTHING
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM ins) AS claimed, EXISTS (SELECT 1 FROM fam) AS revoked`;

export async function claimRefreshTokenUse(db: SqlSession, input: { digest: string; familyId: string; expiresAt: Date }): Promise<RefreshTokenClaim> {
  const rows = await db.query<{ claimed: boolean; revoked: boolean }>(CLAIM, [input.digest, input.familyId, input.expiresAt.toISOString()]);
  const row = rows[0];
  if (row?.revoked) return "revoked";
  return row?.claimed ? "claimed" : "reused";
}

// Single use across every instance: a client-assertion jti (RFC 7523 §3 item 7) or a DPoP proof
// jti (RFC 9449 §11.1) may be used once until it expires. One INSERT decides, on the shared
// database, so two instances racing on the same jti cannot both win: the primary key does.
// An expired row is reclaimed in the same statement (its identifier may legitimately come back).
import type { SqlSession } from "../db/database";

export type ReplayPurpose = "client_assertion" | "dpop_proof";

/** The key of one identifier: purpose, whose it is (client_id or key thumbprint), the jti. */
export function replayKey(purpose: ReplayPurpose, owner: string, jti: string): string {
  return `${purpose}:${owner}:${jti}`;
}

/**
 * Record `key` as used until `expiresAt`. Resolves true the first time (the caller may proceed),
 * false if it is already in use. Database errors propagate (the endpoints answer 503): accepting
 * a possibly replayed credential because the store is down would defeat the check.
 */
export async function claimOnce(db: SqlSession, key: string, expiresAt: Date): Promise<boolean> {
  const rows = await db.query<{ key: string }>(
    `INSERT INTO "UsedJti" ("key", "expiresAt") VALUES ($1, $2)
     ON CONFLICT ("key") DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt" WHERE "UsedJti"."expiresAt" <= now()
     RETURNING "key"`,
    [key, expiresAt],
  );
  return rows.length === 1;
}

/** Delete identifiers whose lifetime is over (the runtime calls it periodically). */
export async function purgeUsedJtis(db: SqlSession): Promise<void> {
  await db.query(`DELETE FROM "UsedJti" WHERE "expiresAt" <= now()`);
}

// Whether a refresh token is still redeemable as far as the database knows: not used yet (rotation
// makes a used token worthless) and its family not revoked. Read by introspection (RFC 7662).
import type { SqlSession } from "../../db/database";

export interface RefreshTokenState {
  used: boolean;
  revoked: boolean;
}

const STATE = `
  SELECT EXISTS (SELECT 1 FROM "RefreshTokenUse" WHERE digest = $1::text) AS used,
         EXISTS (SELECT 1 FROM "RefreshTokenFamily" WHERE id = $2::text AND "revokedAt" IS NOT NULL) AS revoked`;

export async function readRefreshTokenState(db: SqlSession, input: { digest: string; familyId: string }): Promise<RefreshTokenState> {
  const rows = await db.query<RefreshTokenState>(STATE, [input.digest, input.familyId]);
  return { used: rows[0]?.used === true, revoked: rows[0]?.revoked === true };
}

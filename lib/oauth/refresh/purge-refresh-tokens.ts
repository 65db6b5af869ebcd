// RefreshTokenUse rows are useless once their token has expired, RefreshTokenFamily rows once every
// token of the family has (their expiresAt says when). The runtime purges both periodically, on
// every instance (idempotent deletes).
import type { SqlSession } from "../../db/database";

export async function purgeRefreshTokens(db: SqlSession): Promise<void> {
  await db.query(`DELETE FROM "RefreshTokenUse" WHERE "expiresAt" <= (now() AT TIME ZONE 'UTC')`);
  await db.query(`DELETE FROM "RefreshTokenFamily" WHERE "expiresAt" <= (now() AT TIME ZONE 'UTC')`);
}

/** Purge every `intervalMs` (default 10 minutes, like the replay store); returns the stop function. */
export function startRefreshTokenPurge(db: SqlSession, intervalMs = 600_000): () => Promise<void> {
  const timer = setInterval(() => {
    purgeRefreshTokens(db).catch(() => {});
  }, intervalMs);
  timer.unref();
  return async () => clearInterval(timer);
}

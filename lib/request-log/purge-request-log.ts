// Bounded storage for the request log: rows past the retention go, and every application over its
// cap is trimmed (lib/request-log/trim-request-log.ts). Run by every instance periodically; two
// instances purging at once only find less to delete.
import type { SqlSession } from "../db/database";
import { REQUEST_LOG_RETENTION_MS } from "./request-log-limits";
import { trimRequestLog } from "./trim-request-log";

/** Rows per DELETE: each statement stays well inside the statement timeout. */
const ROWS_PER_DELETE = 10_000;

export interface PurgeRequestLogResult {
  expired: number;
  trimmed: number;
}

export async function purgeRequestLog(
  db: SqlSession,
  options: { maxPerApp: number; now?: number; retentionMs?: number },
): Promise<PurgeRequestLogResult> {
  const cutoff = new Date((options.now ?? Date.now()) - (options.retentionMs ?? REQUEST_LOG_RETENTION_MS)).toISOString();
  let expired = 0;
  for (;;) {
    // Timestamps travel as ISO strings converted in SQL, so the session time zone cannot shift them.
    const rows = await db.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM "TokenRequestLog" WHERE id IN (
           SELECT id FROM "TokenRequestLog" WHERE "at" < ($1::timestamptz AT TIME ZONE 'UTC') LIMIT ${ROWS_PER_DELETE}
         ) RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [cutoff],
    );
    const n = rows[0]?.n ?? 0;
    expired += n;
    if (n < ROWS_PER_DELETE) break;
  }
  const over = await db.query<{ id: string }>(
    `SELECT "applicationId" AS id FROM "TokenRequestLog" GROUP BY "applicationId" HAVING count(*) > $1`,
    [options.maxPerApp],
  );
  const trimmed = over.length ? await trimRequestLog(db, over.map((r) => r.id), options.maxPerApp) : 0;
  return { expired, trimmed };
}

// The per-application cap of the request log: each application keeps its newest `maxPerApp` rows.
import type { SqlSession } from "../db/database";

/** Applications per statement: each costs at most maxPerApp + 1 index entries to find its cut. */
const APPS_PER_STATEMENT = 200;

/**
 * Delete the rows of `applicationIds` beyond their newest `maxPerApp` (by time). Returns how many
 * rows were deleted. Rows sharing the cut-off's millisecond go with it, so no application ever
 * keeps more than `maxPerApp`.
 */
export async function trimRequestLog(db: SqlSession, applicationIds: readonly string[], maxPerApp: number): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < applicationIds.length; i += APPS_PER_STATEMENT) {
    const chunk = applicationIds.slice(i, i + APPS_PER_STATEMENT);
    // The (maxPerApp + 1)-th newest row of each application, found on the (applicationId, at) index.
    const rows = await db.query<{ n: number }>(
      `WITH cut AS (
         SELECT a.id, c."at"
           FROM unnest($1::text[]) AS a(id)
           CROSS JOIN LATERAL (
             SELECT l."at" FROM "TokenRequestLog" l
              WHERE l."applicationId" = a.id
              ORDER BY l."at" DESC
              OFFSET $2 LIMIT 1
           ) c
       ), gone AS (
         DELETE FROM "TokenRequestLog" t USING cut
          WHERE t."applicationId" = cut.id AND t."at" <= cut."at"
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [chunk, maxPerApp],
    );
    deleted += rows[0]?.n ?? 0;
  }
  return deleted;
}

// Where a limiter keeps its counters. With DATABASE_URL: PostgreSQL (rate-limiter-flexible's
// RateLimiterPostgres on the process's pg pool), so every instance of a deployment counts into the
// same row and a limit holds across instances. Embedded: process memory — the embedded database
// admits one process, so memory already is "every instance".
//
// A limiter call must never fail a request because the database is unreachable or slow: store
// errors fall back to an in-memory `insuranceLimiter` (the same limit, counted per process until
// the database answers again), and a store call that takes longer than STORE_TIMEOUT_MS is
// answered by that insurance too (RLWrapperTimeouts) rather than hanging the request.
import type { Pool } from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RLWrapperTimeouts, type RateLimiterLike } from "rate-limiter-flexible";
import type { RateLimit } from "../config/env";
import { log } from "../log";

/** Created by prisma/migrations/20261201000100_rate_limits (not a Prisma model). */
export const RATE_LIMIT_TABLE = "rate_limit";

/** A limiter never waits longer than this for the database before counting in memory instead. */
export const STORE_TIMEOUT_MS = 1_000;

export function createLimiterStore(pool: Pool | undefined, keyPrefix: string, limit: RateLimit): RateLimiterLike {
  const options = { keyPrefix, points: limit.points, duration: limit.durationSeconds };
  if (!pool) return new RateLimiterMemory(options);
  const insuranceLimiter = new RateLimiterMemory(options);
  const postgres = new RateLimiterPostgres({
    ...options,
    storeClient: pool,
    storeType: "pool",
    tableName: RATE_LIMIT_TABLE,
    // The migration created the table: no CREATE TABLE race between instances starting together.
    tableCreated: true,
    // One purge for all limiters (purgeExpiredCounters) instead of a timer per limiter.
    clearExpiredByTimeout: false,
    insuranceLimiter,
  });
  return new RLWrapperTimeouts({ limiter: postgres, timeoutMs: STORE_TIMEOUT_MS, insuranceLimiter });
}

/** Delete counters whose window ended more than a minute ago (an upsert would reset them anyway). */
export async function purgeExpiredCounters(pool: Pool, now = Date.now()): Promise<void> {
  try {
    await pool.query(`DELETE FROM "${RATE_LIMIT_TABLE}" WHERE expire < $1`, [now - 60_000]);
  } catch (err) {
    log.debug("rate-limit purge failed", { error: err instanceof Error ? err.message : String(err) });
  }
}

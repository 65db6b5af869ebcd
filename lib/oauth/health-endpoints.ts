// GET /api/health (liveness: the process answers) and GET /api/ready (database reachable and every
// migration applied) — for load balancers and orchestrators.
import { pendingMigrations } from "../db/migrate";
import { log } from "../log";
import { json, type OAuthRequest, type OAuthResponse } from "./oauth-http";
import type { OAuthServices } from "./oauth-services";

const NO_CACHE = { "Cache-Control": "no-store" };

export async function handleHealthRequest(_req: OAuthRequest): Promise<OAuthResponse> {
  return json(200, { status: "ok" }, NO_CACHE);
}

/**
 * Readiness has its own deadline, shorter than the database timeouts: a load balancer's health
 * check typically gives up after a few seconds, and must hear "not ready" rather than nothing.
 */
export const READY_TIMEOUT_MS = 2000;

export function createReadyEndpoint({ db }: Pick<OAuthServices, "db">): (req: OAuthRequest) => Promise<OAuthResponse> {
  return () => answerReadiness(db);
}

async function answerReadiness(db: OAuthServices["db"]): Promise<OAuthResponse> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
  });
  try {
    // Known down (lib/db/availability-monitor.ts): answer at once, without touching the pool.
    if (db.availability.down) return json(503, { status: "database unavailable" }, NO_CACHE);
    const check = (async () => {
      await db.query("SELECT 1");
      return pendingMigrations(db);
    })();
    check.catch(() => {}); // may settle after the deadline answered
    const pending = await Promise.race([check, deadline]);
    if (pending.length) return json(503, { status: "migrations pending", pending }, NO_CACHE);
    return json(200, { status: "ready", database: db.kind }, NO_CACHE);
  } catch (err) {
    log.warn("readiness check failed", { error: err instanceof Error ? err.message.split("\n").pop() : String(err) });
    return json(503, { status: "database unavailable" }, NO_CACHE);
  } finally {
    clearTimeout(timer);
  }
}

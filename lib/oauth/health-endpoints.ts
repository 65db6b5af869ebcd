// GET /api/health (liveness: the process answers) and GET /api/ready (database reachable and every
// migration applied) — for load balancers and orchestrators.
import { getRuntime } from "../runtime";
import { pendingMigrations } from "../db/migrate";
import { log } from "../log";
import { fetchHandler, json, type OAuthRequest, type OAuthResponse } from "./oauth-http";

const NO_CACHE = { "Cache-Control": "no-store" };

export async function handleHealthRequest(_req: OAuthRequest): Promise<OAuthResponse> {
  return json(200, { status: "ok" }, NO_CACHE);
}

export async function handleReadyRequest(_req: OAuthRequest): Promise<OAuthResponse> {
  try {
    const rt = await getRuntime();
    await rt.db.query("SELECT 1");
    const pending = await pendingMigrations(rt.db);
    if (pending.length) return json(503, { status: "migrations pending", pending }, NO_CACHE);
    return json(200, { status: "ready", database: rt.db.kind }, NO_CACHE);
  } catch (err) {
    log.warn("readiness check failed", { error: err instanceof Error ? err.message : String(err) });
    return json(503, { status: "database unavailable" }, NO_CACHE);
  }
}

export const healthEndpoint = fetchHandler(handleHealthRequest);
export const readyEndpoint = fetchHandler(handleReadyRequest);

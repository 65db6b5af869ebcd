// Keyport's rate limits, built once per process by the runtime (lib/runtime.ts) from
// configuration (KEYPORT_LIMIT_*, lib/config/env.ts; "off" disables one):
//   authFailuresPerClient   failed client authentications per (client_id, source address)
//   authFailuresPerAddress  failed client authentications per source address
//   signInPerEmail          sign-in links mailed per email address
//   signInPerAddress        sign-in links requested per source address
//   registerPerOwner        applications registered per owner
//   apiPerApp               automation API requests per calling application
// Counters live in PostgreSQL when DATABASE_URL is set (shared by every instance), in memory on the
// embedded database (lib/rate-limit/limiter-store.ts).
import type { KeyportConfig, RateLimit } from "../config/env";
import type { Database } from "../db/database";
import type { KeyportEvents } from "../events/events";
import { Limiter } from "./limiter";
import { createLimiterStore, purgeExpiredCounters } from "./limiter-store";

export interface RateLimits {
  authFailuresPerClient: Limiter;
  authFailuresPerAddress: Limiter;
  signInPerEmail: Limiter;
  signInPerAddress: Limiter;
  registerPerOwner: Limiter;
  /** Automation API (/api/v1) requests per calling application. */
  apiPerApp: Limiter;
  /** Background purge of expired counters (PostgreSQL); returns its stop function. */
  startPurge(): () => Promise<void>;
}

const PURGE_INTERVAL_MS = 5 * 60_000;

type LimitConfig = Pick<
  KeyportConfig,
  | "KEYPORT_LIMIT_AUTH_FAILURES_PER_CLIENT"
  | "KEYPORT_LIMIT_AUTH_FAILURES_PER_ADDRESS"
  | "KEYPORT_LIMIT_SIGNIN_PER_EMAIL"
  | "KEYPORT_LIMIT_SIGNIN_PER_ADDRESS"
  | "KEYPORT_LIMIT_REGISTER_PER_OWNER"
  | "KEYPORT_LIMIT_API_PER_APP"
>;

export function createRateLimits(config: LimitConfig, db: Pick<Database, "pgPool">, events: KeyportEvents): RateLimits {
  const pool = db.pgPool;
  // The name is also the key prefix in the shared table: keep each one stable across releases,
  // or counters reset on upgrade.
  const limiter = (name: string, limit: RateLimit | null) =>
    new Limiter(name, limit, limit ? createLimiterStore(pool, name, limit) : null, events);
  return {
    authFailuresPerClient: limiter("auth_failures_per_client", config.KEYPORT_LIMIT_AUTH_FAILURES_PER_CLIENT),
    authFailuresPerAddress: limiter("auth_failures_per_address", config.KEYPORT_LIMIT_AUTH_FAILURES_PER_ADDRESS),
    signInPerEmail: limiter("signin_per_email", config.KEYPORT_LIMIT_SIGNIN_PER_EMAIL),
    signInPerAddress: limiter("signin_per_address", config.KEYPORT_LIMIT_SIGNIN_PER_ADDRESS),
    registerPerOwner: limiter("register_per_owner", config.KEYPORT_LIMIT_REGISTER_PER_OWNER),
    apiPerApp: limiter("api_per_app", config.KEYPORT_LIMIT_API_PER_APP),
    startPurge() {
      if (!pool) return async () => {};
      const timer = setInterval(() => void purgeExpiredCounters(pool), PURGE_INTERVAL_MS);
      timer.unref();
      return async () => clearInterval(timer);
    },
  };
}

// One named limit ("10 per minute per key") over a store (lib/rate-limit/limiter-store.ts), with
// the keys it refused remembered in memory (BlockedKeys). Two ways to ask:
//  - check(key): synchronous, memory only. "Is this key currently refused?" — cheap enough for
//    the token endpoint's hot path.
//  - consume(key): counts one event in the store (shared across instances) and says whether the
//    key went over its limit; a key already refused here is answered from memory, sparing the store.
// Every refusal emits `ratelimit.rejected` (metrics subscribe).
import { RateLimiterRes, type RateLimiterLike } from "rate-limiter-flexible";
import type { RateLimit } from "../config/env";
import type { KeyportEvents } from "../events/events";
import { log } from "../log";
import { BlockedKeys } from "./blocked-keys";

export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export const ALLOWED: Verdict = Object.freeze({ allowed: true });

/** RFC 9110 §10.2.3: Retry-After in whole seconds; never 0 while still refused. */
export function refusedFor(ms: number): Verdict {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
}

export class Limiter {
  private readonly blocked: BlockedKeys;

  constructor(
    /** Stable name, used in the `ratelimit.rejected` event and metrics. */
    readonly name: string,
    /** null = this limit is off (KEYPORT_LIMIT_…=off). */
    readonly limit: RateLimit | null,
    private readonly store: RateLimiterLike | null,
    private readonly events: KeyportEvents,
    now: () => number = Date.now,
  ) {
    this.blocked = new BlockedKeys(now);
  }

  get enabled(): boolean {
    return this.store !== null;
  }

  /** True when some key is refused right now (lets callers skip building keys on the hot path). */
  get anyBlocked(): boolean {
    return this.blocked.size > 0;
  }

  /** Memory only: is `key` refused right now? Never touches the store. */
  check(key: string): Verdict {
    const ms = this.blocked.msLeft(key);
    if (ms === 0) return ALLOWED;
    this.events.emit("ratelimit.rejected", { limiter: this.name });
    return refusedFor(ms);
  }

  /** Count one event for `key`; refused once the key has used up its limit in this window. */
  async consume(key: string): Promise<Verdict> {
    if (!this.store) return ALLOWED;
    const already = this.check(key);
    if (!already.allowed) return already;
    try {
      await this.store.consume(key);
      return ALLOWED;
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        this.blocked.block(key, err.msBeforeNext);
        this.events.emit("ratelimit.rejected", { limiter: this.name });
        return refusedFor(err.msBeforeNext);
      }
      // The insurance limiter answers store errors, so this is a bug in the store, not an outage.
      // A limiter must never turn a request into a 500: let it through and say so.
      log.error("rate limiter failed; request allowed", { limiter: this.name, error: err instanceof Error ? err.message : String(err) });
      return ALLOWED;
    }
  }

  /** Give back one event counted by consume() (the action it guarded did not happen). */
  async refund(key: string): Promise<void> {
    if (!this.store) return;
    await this.store.reward(key).catch((err: unknown) => {
      log.warn("rate limiter refund failed", { limiter: this.name, error: err instanceof Error ? err.message : String(err) });
    });
  }
}

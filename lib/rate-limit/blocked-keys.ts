// Keys a limiter has refused, remembered in this process until their window ends. Checking here is
// a Map lookup with no store round trip, which is what lets the token endpoint ask "is this client
// and address blocked?" before every authentication without slowing successful requests down.
// It is fed only by the store's answers (a consume that came back over the limit), so it never
// blocks a key the shared store has not counted past its limit.
import { LRUCache } from "lru-cache";

/** Bounded: an attacker rotating addresses must not grow memory without limit. Past the bound the
 * least recently blocked keys are forgotten — they are blocked again by their next failure. */
const MAX_BLOCKED_KEYS = 50_000;

export class BlockedKeys {
  private readonly until = new LRUCache<string, number>({ max: MAX_BLOCKED_KEYS });

  constructor(private readonly now: () => number = Date.now) {}

  /** Remember `key` as blocked for `ms` from now. */
  block(key: string, ms: number): void {
    if (ms <= 0) return;
    const until = this.now() + ms;
    const prior = this.until.get(key);
    if (prior === undefined || prior < until) this.until.set(key, until);
  }

  /** Milliseconds `key` stays blocked; 0 if it is not. */
  msLeft(key: string): number {
    // The usual case — nothing blocked at all — costs one size check.
    if (this.until.size === 0) return 0;
    const until = this.until.get(key);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) {
      this.until.delete(key);
      return 0;
    }
    return left;
  }

  get size(): number {
    return this.until.size;
  }
}

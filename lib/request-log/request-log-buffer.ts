// The request log's in-memory side: token-endpoint outcomes wait here for the next flush
// (lib/request-log/request-log-recorder.ts). Keeping one costs a map lookup and three array pushes:
// the event payload the endpoint already built is kept as it is, nothing is copied or formatted
// on the request.
//
// Bounded twice. Per flush window, at most `perAppPerWindow` entries of one application: under a
// flood the log keeps a sample and only counts the rest. And at most `maxEntries` in all, so a
// database outage (failed flushes put their batch back) cannot grow memory without bound.
import type { KeyportEventMap } from "../events/events";

export type IssuedEvent = KeyportEventMap["token.issued"];
export type TokenErrorEvent = KeyportEventMap["oauth.error"];
/** An outcome as the token endpoint reported it: issued (token.issued) or failed (oauth.error). */
export type RequestLogSource = IssuedEvent | TokenErrorEvent;

export interface RequestLogLimits {
  /** Entries kept per application per flush window; more are dropped (counted). */
  perAppPerWindow: number;
  /** Entries held in all, whatever the application. */
  maxEntries: number;
}

/** What one flush writes: parallel arrays, one position per request. */
export interface RequestLogBatch {
  appIds: string[];
  /** Epoch milliseconds when the endpoint answered. */
  at: number[];
  events: RequestLogSource[];
}

export function isFailure(e: RequestLogSource): e is TokenErrorEvent {
  return "error" in e;
}

export class RequestLogBuffer {
  private appIds: string[] = [];
  private at: number[] = [];
  private events: RequestLogSource[] = [];
  /** appId → entries kept in the current window. */
  private perApp = new Map<string, number>();
  private droppedCount = 0;

  constructor(readonly limits: RequestLogLimits) {
    if (!(limits.perAppPerWindow >= 1) || !(limits.maxEntries >= 1)) throw new RangeError("request log limits must be at least 1");
  }

  /** Entries waiting for a flush. */
  get size(): number {
    return this.events.length;
  }

  /** Entries not kept since the last take(): sampled away, or no room left. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Keep one outcome of application `appId`, unless its sample for this window is full or the buffer is. */
  add(appId: string, event: RequestLogSource, at: number): boolean {
    const n = this.perApp.get(appId) ?? 0;
    if (n >= this.limits.perAppPerWindow || this.events.length >= this.limits.maxEntries) {
      this.droppedCount++;
      return false;
    }
    this.perApp.set(appId, n + 1);
    this.appIds.push(appId);
    this.at.push(at);
    this.events.push(event);
    return true;
  }

  /** Everything waiting, and how much was dropped; a new window starts (the per-application samples start again). */
  take(): { batch: RequestLogBatch; dropped: number } {
    const batch: RequestLogBatch = { appIds: this.appIds, at: this.at, events: this.events };
    const dropped = this.droppedCount;
    this.appIds = [];
    this.at = [];
    this.events = [];
    this.perApp = new Map();
    this.droppedCount = 0;
    return { batch, dropped };
  }

  /**
   * Put back a batch whose write failed (the database is unreachable), in front of what arrived
   * since, as far as `maxEntries` allows: the oldest entries are kept, the newest beyond the cap
   * dropped. Returns how many were dropped. The put-back entries do not use up the new window's
   * samples.
   */
  restore(batch: RequestLogBatch): number {
    const total = batch.events.length + this.events.length;
    const keep = Math.min(total, this.limits.maxEntries);
    this.appIds = batch.appIds.concat(this.appIds).slice(0, keep);
    this.at = batch.at.concat(this.at).slice(0, keep);
    this.events = batch.events.concat(this.events).slice(0, keep);
    return total - keep;
  }
}

// The request log's write side: token-endpoint outcomes (lib/request-log/record-request-log-events.ts)
// are buffered in memory (lib/request-log/request-log-buffer.ts) and written every few seconds as
// one multi-row INSERT, and on shutdown — never on the request. Storage is bounded: rows past the
// retention are purged hourly, and each application keeps at most `maxPerApp` rows.
//
// A database outage: a flush that fails because the database is unreachable puts its batch back
// (the buffer's cap bounds memory, the overflow is dropped and counted); any other failure drops
// the batch with an error in the log, so one bad batch cannot block the ones after it.
import type { SqlSession } from "../db/database";
import { isDatabaseUnavailable } from "../db/database-unavailable";
import { log } from "../log";
import { RequestLogBuffer, isFailure, type IssuedEvent, type RequestLogBatch, type TokenErrorEvent } from "./request-log-buffer";
import {
  REQUEST_LOG_FLUSH_EVERY_MS,
  REQUEST_LOG_MAX_BUFFERED,
  REQUEST_LOG_MAX_SCOPE_CHARS,
  REQUEST_LOG_PURGE_EVERY_MS,
  REQUEST_LOG_TRIM_EVERY_MS,
} from "./request-log-limits";
import { purgeRequestLog } from "./purge-request-log";
import { trimRequestLog } from "./trim-request-log";

export interface RequestLogOptions {
  /** Entries kept per application per flush window (KEYPORT_REQUEST_LOG_SAMPLE). */
  perAppPerWindow: number;
  /** Rows kept per application (KEYPORT_REQUEST_LOG_MAX_PER_APP). */
  maxPerApp: number;
  /** Entries held in memory at most. */
  maxEntries?: number;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class RequestLogRecorder {
  private readonly buffer: RequestLogBuffer;
  /** Applications written since the last trim: only they can have grown past their cap. */
  private touched = new Set<string>();
  private flushing: Promise<void> | null = null;
  /** The purge or trim in progress (stop() waits for it). */
  private maintaining: Promise<unknown> | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly db: SqlSession,
    readonly options: RequestLogOptions,
  ) {
    this.buffer = new RequestLogBuffer({ perAppPerWindow: options.perAppPerWindow, maxEntries: options.maxEntries ?? REQUEST_LOG_MAX_BUFFERED });
  }

  /** Entries waiting for the next flush. */
  get buffered(): number {
    return this.buffer.size;
  }

  issued(e: IssuedEvent, now = Date.now()): void {
    this.buffer.add(e.appId, e, now);
  }

  /** A failed token request; kept only when the client was identified (an unknown client has no application). */
  failed(e: TokenErrorEvent, now = Date.now()): void {
    if (e.appId !== undefined) this.buffer.add(e.appId, e, now);
  }

  /** Flush every few seconds, trim every minute, purge now and every hour. */
  start(flushEveryMs = REQUEST_LOG_FLUSH_EVERY_MS): void {
    if (this.timers.length) return;
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    every(flushEveryMs, () => void this.flush());
    // One maintenance timer, so a trim never makes the hourly purge skip its turn: every tick
    // trims, the purge's ticks purge (which trims every application over its cap anyway).
    const purgeEvery = Math.max(1, Math.round(REQUEST_LOG_PURGE_EVERY_MS / REQUEST_LOG_TRIM_EVERY_MS));
    let tick = 0;
    every(REQUEST_LOG_TRIM_EVERY_MS, () => void this.maintain(++tick % purgeEvery === 0 ? () => this.purge() : () => this.trim()));
    void this.maintain(() => this.purge());
  }

  /** Stop the timers, wait for a purge in progress, write what is left. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.maintaining?.catch(() => {});
    await this.flush();
  }

  /** Write what is buffered as one INSERT. Concurrent calls share the flush in progress. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.size === 0 && this.buffer.dropped === 0) return;
    const { batch, dropped } = this.buffer.take();
    if (dropped) log.warn("request log sampled", { dropped, perAppPerWindow: this.options.perAppPerWindow });
    if (batch.events.length === 0) return;
    this.flushing = this.write(batch)
      .catch((err: unknown) => {
        if (isDatabaseUnavailable(err)) {
          const lost = this.buffer.restore(batch);
          log.warn("request log flush failed; will retry", { error: message(err), entries: batch.events.length, dropped: lost });
        } else {
          log.error("request log flush failed; entries dropped", { error: message(err), entries: batch.events.length });
        }
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  /** Delete rows past the retention, and trim every application over its cap. */
  async purge(now = Date.now()) {
    const result = await purgeRequestLog(this.db, { maxPerApp: this.options.maxPerApp, now });
    if (result.expired || result.trimmed) log.debug("request log purged", { ...result });
    return result;
  }

  /** Trim the applications written since the last trim to their cap. */
  async trim(): Promise<number> {
    if (this.touched.size === 0) return 0;
    const ids = [...this.touched];
    this.touched = new Set();
    try {
      return await trimRequestLog(this.db, ids, this.options.maxPerApp);
    } catch (err) {
      for (const id of ids) this.touched.add(id);
      throw err;
    }
  }

  private maintain(fn: () => Promise<unknown>): Promise<unknown> {
    if (this.maintaining) return this.maintaining;
    const run = fn()
      .catch((err: unknown) => log.warn("request log maintenance failed; will retry", { error: message(err) }))
      .finally(() => {
        if (this.maintaining === run) this.maintaining = null;
      });
    this.maintaining = run;
    return run;
  }

  private async write(batch: RequestLogBatch): Promise<void> {
    const n = batch.events.length;
    const at: string[] = new Array(n);
    const outcome: string[] = new Array(n);
    const error: Array<string | null> = new Array(n);
    const ip: Array<string | null> = new Array(n);
    const authMethod: Array<string | null> = new Array(n);
    const scope: Array<string | null> = new Array(n);
    const profile: Array<string | null> = new Array(n);
    const grantType: Array<string | null> = new Array(n);
    for (let i = 0; i < n; i++) {
      const e = batch.events[i]!;
      at[i] = new Date(batch.at[i]!).toISOString();
      ip[i] = e.ip || null;
      authMethod[i] = e.authMethod || null;
      profile[i] = e.profile || null;
      grantType[i] = e.grantType || null;
      // Issued: the granted scope. Failed: the requested one, as far as the request got.
      scope[i] = e.scope ? e.scope.slice(0, REQUEST_LOG_MAX_SCOPE_CHARS) : null;
      const failure = isFailure(e);
      outcome[i] = failure ? "failed" : "issued";
      error[i] = failure ? e.error : null;
    }
    // One statement for the whole batch; timestamps travel as ISO strings converted in SQL (the
    // session time zone cannot shift them). The join drops entries of applications deleted since;
    // ORDER BY keeps the ids in arrival order (the page's tie-break within one millisecond).
    await this.db.query(
      `INSERT INTO "TokenRequestLog" ("applicationId", "at", "outcome", "error", "ip", "authMethod", "scope", "profile", "grantType")
       SELECT u.app, (u.t::timestamptz AT TIME ZONE 'UTC'), u.outcome, u.error, u.ip, u.auth, u.scope, u.profile, u.grant_type
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
              WITH ORDINALITY AS u(app, t, outcome, error, ip, auth, scope, profile, grant_type, n)
         JOIN "Application" a ON a.id = u.app
        ORDER BY u.n`,
      [batch.appIds, at, outcome, error, ip, authMethod, scope, profile, grantType],
    );
    for (const id of batch.appIds) this.touched.add(id);
  }
}

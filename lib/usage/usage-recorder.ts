// Token usage counters: incremented in memory on the token path (no database write there), and
// flushed in batches — one upsert per 5,000 rows — every few seconds (once a minute when many
// applications are in use) and on shutdown.
// Application.lastTokenAt is written at most once a minute (and on shutdown): with many active
// applications, rewriting every one of their rows (an indexed column, so never a HOT update)
// every few seconds cost more database time than the token requests themselves.
import type { Database } from "../db/database";
import { log } from "../log";

const HOUR_MS = 3_600_000;
/** How often lastTokenAt is written (it is shown to the minute). */
const LAST_USED_EVERY_MS = 60_000;
/** Beyond this many rows waiting, flush once a minute instead of every interval. */
const LARGE_BATCH = 5_000;
const LARGE_BATCH_EVERY_MS = 60_000;
/** Rows per statement: bounded statements, and the event loop is never held by one huge array. */
const ROWS_PER_STATEMENT = 5_000;

interface AppCount {
  issued: number;
  failed: number;
  last: number;
}

export class UsageRecorder {
  /**
   * hourIso → appId → counts. Keyed by the cached client's own appId string (its hash is computed
   * once), so a token costs no key string to build and hash.
   */
  private apps = new Map<string, Map<string, AppCount>>();
  /** Rows waiting (applications × hours). */
  private rows = 0;
  /** The current hour's map, looked up once per hour. */
  private bucket: Map<string, AppCount> | null = null;
  private bucketHour = "";
  /** key: `${error}|${hourIso}` */
  private failures = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** appId → latest token time (ms) not yet written to Application.lastTokenAt. */
  private lastUsed = new Map<string, number>();
  private flushedAt = Date.now();
  /** The first lastTokenAt write comes a minute after start, as every later one. */
  private lastUsedWrittenAt = Date.now();

  constructor(private readonly db: Database) {}

  private hourStart = -1;
  private hourIso = "";

  /** ISO string of the UTC hour containing `now`, computed once per hour (this runs per request). */
  private hour(now: number): string {
    const start = now - (now % HOUR_MS);
    if (start !== this.hourStart) {
      this.hourStart = start;
      this.hourIso = new Date(start).toISOString();
    }
    return this.hourIso;
  }

  private byApp(hour: string): Map<string, AppCount> {
    if (this.bucket !== null && this.bucketHour === hour) return this.bucket;
    let m = this.apps.get(hour);
    if (!m) this.apps.set(hour, (m = new Map()));
    this.bucket = m;
    this.bucketHour = hour;
    return m;
  }

  issued(appId: string, now = Date.now()): void {
    const m = this.byApp(this.hour(now));
    const c = m.get(appId);
    if (c) {
      c.issued++;
      c.last = now;
    } else {
      m.set(appId, { issued: 1, failed: 0, last: now });
      this.rows++;
    }
  }

  /** A failed token request; appId when the client was identified. */
  failed(error: string, appId?: string, now = Date.now()): void {
    const hour = this.hour(now);
    const fkey = `${error}|${hour}`;
    this.failures.set(fkey, (this.failures.get(fkey) ?? 0) + 1);
    if (appId) {
      const m = this.byApp(hour);
      const c = m.get(appId);
      if (c) c.failed++;
      else {
        m.set(appId, { issued: 0, failed: 1, last: 0 });
        this.rows++;
      }
    }
  }

  start(intervalMs = 5_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // Many applications in use: one flush a minute. The rows written per flush grow with the
      // number of distinct applications, not with requests, so waiting longer divides the
      // database work per token (100,000 apps at 12,000 tokens/s: 45,000 rows every 5 s, but
      // 100,000 rows a minute).
      if (this.rows <= LARGE_BATCH || Date.now() - this.flushedAt >= LARGE_BATCH_EVERY_MS) void this.flush();
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush(true);
  }

  /**
   * Write what has been counted (lastTokenAt when due, or with `all`). Concurrent calls share one
   * flush; a failed flush keeps the counts.
   */
  async flush(all = false): Promise<void> {
    if (this.flushing) await this.flushing;
    const lastUsedDue = all || Date.now() - this.lastUsedWrittenAt >= LAST_USED_EVERY_MS;
    if (this.rows === 0 && this.failures.size === 0 && !(lastUsedDue && this.lastUsed.size)) return;
    const apps = this.apps;
    const failures = this.failures;
    this.flushedAt = Date.now();
    this.apps = new Map();
    this.bucket = null;
    this.rows = 0;
    this.failures = new Map();
    this.flushing = this.write(apps, failures, lastUsedDue)
      .catch((err) => {
        log.warn("usage flush failed; will retry", { error: err instanceof Error ? err.message : String(err) });
        for (const [hour, byApp] of apps) {
          const m = this.byApp(hour);
          for (const [id, v] of byApp) {
            const c = m.get(id);
            if (c) {
              c.issued += v.issued;
              c.failed += v.failed;
              c.last = Math.max(c.last, v.last);
            } else {
              m.set(id, v);
              this.rows++;
            }
          }
        }
        for (const [k, v] of failures) this.failures.set(k, (this.failures.get(k) ?? 0) + v);
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  private async write(apps: Map<string, Map<string, AppCount>>, failures: Map<string, number>, lastUsedDue: boolean): Promise<void> {
    let ids: string[] = [];
    let hours: string[] = [];
    let issued: number[] = [];
    let failed: number[] = [];
    let written: Array<[Map<string, AppCount>, string]> = [];
    const insert = async () => {
      if (ids.length === 0) return;
      // Timestamps travel as ISO strings converted in SQL, so the session time zone cannot shift them.
      // The join drops counts of applications deleted since: they have nowhere to go.
      await this.db.query(
        `INSERT INTO "TokenUsage" ("applicationId", "hour", "issued", "failed")
         SELECT u.id, (u.hour::timestamptz AT TIME ZONE 'UTC'), u.issued, u.failed
           FROM unnest($1::text[], $2::text[], $3::int[], $4::int[]) AS u(id, hour, issued, failed)
           JOIN "Application" a ON a.id = u.id
         ON CONFLICT ("applicationId", "hour") DO UPDATE
           SET "issued" = "TokenUsage"."issued" + EXCLUDED."issued",
               "failed" = "TokenUsage"."failed" + EXCLUDED."failed"`,
        [ids, hours, issued, failed],
      );
      // Written: a later chunk that fails must not put these back (flush() re-adds what is left).
      for (const [m, id] of written) m.delete(id);
      written = [];
      ids = [];
      hours = [];
      issued = [];
      failed = [];
    };
    for (const [hour, byApp] of apps) {
      for (const [id, c] of byApp) {
        written.push([byApp, id]);
        ids.push(id);
        hours.push(hour);
        issued.push(c.issued);
        failed.push(c.failed);
        if (c.last && c.last > (this.lastUsed.get(id) ?? 0)) this.lastUsed.set(id, c.last);
        if (ids.length >= ROWS_PER_STATEMENT) await insert();
      }
    }
    await insert();
    if (lastUsedDue && this.lastUsed.size) {
      const batch = this.lastUsed;
      this.lastUsed = new Map();
      try {
        const entries = [...batch];
        for (let i = 0; i < entries.length; i += ROWS_PER_STATEMENT) {
          const chunk = entries.slice(i, i + ROWS_PER_STATEMENT);
          await this.db.query(
            `UPDATE "Application" a SET "lastTokenAt" = GREATEST(a."lastTokenAt", (u.t::timestamptz AT TIME ZONE 'UTC'))
               FROM unnest($1::text[], $2::text[]) AS u(id, t) WHERE a.id = u.id`,
            [chunk.map(([id]) => id), chunk.map(([, t]) => new Date(t).toISOString())],
          );
        }
        this.lastUsedWrittenAt = Date.now();
      } catch (err) {
        for (const [id, t] of batch) if (t > (this.lastUsed.get(id) ?? 0)) this.lastUsed.set(id, t);
        throw err;
      }
    }
    if (failures.size) {
      const errors: string[] = [];
      const hours: string[] = [];
      const counts: number[] = [];
      for (const [key, n] of failures) {
        const [error, hour] = key.split("|") as [string, string];
        errors.push(error);
        hours.push(hour);
        counts.push(n);
      }
      await this.db.query(
        `INSERT INTO "TokenFailure" ("hour", "error", "count")
         SELECT (u.hour::timestamptz AT TIME ZONE 'UTC'), u.error, u.n
           FROM unnest($1::text[], $2::text[], $3::int[]) AS u(error, hour, n)
         ON CONFLICT ("hour", "error") DO UPDATE SET "count" = "TokenFailure"."count" + EXCLUDED."count"`,
        [errors, hours, counts],
      );
    }
  }
}

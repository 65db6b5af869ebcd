// Token usage counters: incremented in memory on the token path (no database write there), and
// flushed in batches — one upsert per flush — every few seconds and on shutdown.
import type { Database } from "../db/database";
import { log } from "../log";

const HOUR_MS = 3_600_000;

interface AppCount {
  issued: number;
  failed: number;
  last: number;
}

export class UsageRecorder {
  /** key: `${appId}|${hourIso}` */
  private apps = new Map<string, AppCount>();
  /** key: `${error}|${hourIso}` */
  private failures = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

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

  issued(appId: string, now = Date.now()): void {
    const key = `${appId}|${this.hour(now)}`;
    const c = this.apps.get(key);
    if (c) {
      c.issued++;
      c.last = now;
    } else this.apps.set(key, { issued: 1, failed: 0, last: now });
  }

  /** A failed token request; appId when the client was identified. */
  failed(error: string, appId?: string, now = Date.now()): void {
    const hour = this.hour(now);
    const fkey = `${error}|${hour}`;
    this.failures.set(fkey, (this.failures.get(fkey) ?? 0) + 1);
    if (appId) {
      const key = `${appId}|${hour}`;
      const c = this.apps.get(key);
      if (c) c.failed++;
      else this.apps.set(key, { issued: 0, failed: 1, last: 0 });
    }
  }

  start(intervalMs = 5_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Write what has been counted. Concurrent calls share one flush; a failed flush keeps the counts. */
  async flush(): Promise<void> {
    if (this.flushing) await this.flushing;
    if (this.apps.size === 0 && this.failures.size === 0) return;
    const apps = this.apps;
    const failures = this.failures;
    this.apps = new Map();
    this.failures = new Map();
    this.flushing = this.write(apps, failures)
      .catch((err) => {
        log.warn("usage flush failed; will retry", { error: err instanceof Error ? err.message : String(err) });
        for (const [k, v] of apps) {
          const c = this.apps.get(k);
          if (c) {
            c.issued += v.issued;
            c.failed += v.failed;
            c.last = Math.max(c.last, v.last);
          } else this.apps.set(k, v);
        }
        for (const [k, v] of failures) this.failures.set(k, (this.failures.get(k) ?? 0) + v);
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  private async write(apps: Map<string, AppCount>, failures: Map<string, number>): Promise<void> {
    if (apps.size) {
      const ids: string[] = [];
      const hours: string[] = [];
      const issued: number[] = [];
      const failed: number[] = [];
      const lastById = new Map<string, number>();
      for (const [key, c] of apps) {
        const [id, hour] = key.split("|") as [string, string];
        ids.push(id);
        hours.push(hour);
        issued.push(c.issued);
        failed.push(c.failed);
        if (c.last) lastById.set(id, Math.max(lastById.get(id) ?? 0, c.last));
      }
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
      if (lastById.size) {
        await this.db.query(
          `UPDATE "Application" a SET "lastTokenAt" = GREATEST(a."lastTokenAt", (u.t::timestamptz AT TIME ZONE 'UTC'))
             FROM unnest($1::text[], $2::text[]) AS u(id, t) WHERE a.id = u.id`,
          [[...lastById.keys()], [...lastById.values()].map((t) => new Date(t).toISOString())],
        );
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

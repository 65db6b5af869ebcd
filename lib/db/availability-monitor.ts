// Is the database reachable right now? One answer per process, so that during an outage every
// request fails fast and consistently instead of each waiting out its own timeout:
//   - up → down only when the probe fails: a connection-level failure anyone reports (a lost
//     connection, a connect or read timeout) runs the probe at once, so one killed backend
//     (pg_terminate_backend) does not take the process down, while a refused or reset database is
//     noticed within one round trip. A black-holed database (accepts, never answers) produces no
//     error by itself: the periodic probe, with its own short timeout, is what notices.
//   - while down, the pool refuses at once (DatabaseUnavailableError) and the probe runs every
//     `intervalMs` on a fresh connection; the first success flips back up. No restart needed.
// Listeners of `onDown` drop connections that may be dead (pool, LISTEN) so nothing in flight
// keeps waiting on them.
import { isConnectionFailure, isDatabaseUnavailable } from "./database-unavailable";

export interface AvailabilityMonitorOptions {
  /** One round trip to the database; rejects on failure. Must enforce its own timeout. */
  probe: () => Promise<void>;
  /** How often the probe runs, up or down. */
  intervalMs: number;
  /** Every database failure observed (for the `db.error` event). */
  onFailure?: (operation: string, err: unknown) => void;
  /** The state changed. */
  onChange?: (up: boolean) => void;
}

export class AvailabilityMonitor {
  private isDown = false;
  private failureCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private probing: Promise<void> | null = null;
  private readonly downListeners = new Set<(err: unknown) => void>();

  constructor(private readonly options: AvailabilityMonitorOptions) {}

  /** True while the database is known to be unreachable (only once `start()`ed: the CLI never gates). */
  get down(): boolean {
    return this.isDown;
  }

  /**
   * How many database failures were observed since start — statement timeouts included. A caller
   * compares it before and after an operation that swallows errors (Auth.js's session lookup) to
   * tell "nothing there" from "could not look".
   */
  get failures(): number {
    return this.failureCount;
  }

  /** Report an error from any database operation; non-database errors are ignored. */
  report(operation: string, err: unknown): void {
    if (!isDatabaseUnavailable(err)) return;
    this.failureCount++;
    this.options.onFailure?.(operation, err);
    if (isConnectionFailure(err) && !this.isDown) this.probeNow();
  }

  onDown(listener: (err: unknown) => void): () => void {
    this.downListeners.add(listener);
    return () => this.downListeners.delete(listener);
  }

  /** Begin probing (servers only: a short CLI command needs no monitor and must exit promptly). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule();
  }

  stop(): void {
    this.started = false;
    clearTimeout(this.timer);
  }

  private markDown(err: unknown): void {
    if (this.isDown || !this.started) return;
    this.isDown = true;
    this.options.onChange?.(false);
    for (const l of this.downListeners) l(err);
  }

  private probeNow(): void {
    if (!this.started || this.probing) return;
    clearTimeout(this.timer);
    void this.runProbe();
  }

  /**
   * Probe now (or join the probe under way) and tell whether the database answers. For a
   * connection that has just come back by other means (LISTEN's reconnect) before the next
   * scheduled probe: what depends on it must not find the pool still refusing.
   */
  async check(): Promise<boolean> {
    if (!this.started) return true;
    clearTimeout(this.timer);
    await (this.probing ?? this.runProbe());
    return !this.isDown;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.started) return;
    this.timer = setTimeout(() => void this.runProbe(), this.options.intervalMs);
    this.timer.unref();
  }

  private runProbe(): Promise<void> {
    if (this.probing) return this.probing;
    if (!this.started) return Promise.resolve();
    this.probing = this.probeOnce();
    return this.probing;
  }

  private async probeOnce(): Promise<void> {
    try {
      await this.options.probe();
      if (this.isDown) {
        this.isDown = false;
        this.options.onChange?.(true);
      }
    } catch (err) {
      // A probe failure is connection-level by definition (its query is trivial).
      this.failureCount++;
      this.options.onFailure?.("probe", err);
      this.markDown(err);
    } finally {
      this.probing = null;
      this.schedule();
    }
  }
}

// Keyport's Prometheus metrics: one registry per process (built once by the runtime, never
// prom-client's global default registry — Next's bundled copy of lib/ and the server's copy share
// the runtime through globalThis, and a global registry would be registered twice), fed by ONE
// subscriber to the events hub (lib/events) instead of metric calls sprinkled through handlers.
//
// The token path stays cheap: `token.issued` and `cache.hit` only bump plain numbers (no label
// hashing, no allocation) and observe one unlabeled histogram; the counters are copied into
// prom-client's metrics at scrape time through their `collect` hooks. Names and labels follow the
// Prometheus conventions (https://prometheus.io/docs/practices/naming/): base units (seconds),
// `_total` for counters, labels with a small, bounded set of values.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { KeyportEvents } from "../events/events";
import type { OAuthErrorCode } from "../oauth/errors";
import type { MailQueueCounts } from "../mail/count-mail-queue";

/** Token endpoint latency buckets, seconds: 1 ms (a cached client) to 1 s (a slow database). */
export const TOKEN_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

/** How long a scrape waits for the mail-queue count before leaving that gauge out. */
export const MAIL_QUEUE_COLLECT_TIMEOUT_MS = 1_000;

/** Distinct values a free-text label (limiter, operation, mail kind) may take before "other". */
const MAX_LABEL_VALUES = 32;

export interface KeyportMetrics {
  readonly registry: Registry;
  /** The Content-Type of `registry.metrics()`: the Prometheus text format 0.0.4. */
  readonly contentType: string;
  /** Unsubscribe from the events (the registry keeps its last values). */
  stop(): void;
}

export interface CreateMetricsOptions {
  events: KeyportEvents;
  /** Counts the outbox at scrape time (lib/mail/count-mail-queue.ts); omitted: no mail-queue gauge values. */
  countMailQueue?: () => Promise<MailQueueCounts>;
  mailQueueTimeoutMs?: number;
  /** prom-client's process metrics (CPU, memory, event loop, GC) on this registry. Default true. */
  defaultMetrics?: boolean;
}

/**
 * Label values that come from free-text payloads are bounded: a bug or a hostile input must never
 * grow the number of series (each one costs memory here and in Prometheus) without limit.
 */
function boundedLabel(): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= MAX_LABEL_VALUES) return "other";
    seen.add(value);
    return value;
  };
}

/** Resolves with `p`, or with `null` after `ms` (the work itself is not cancelled). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
    );
  });
}

export function createMetrics(options: CreateMetricsOptions): KeyportMetrics {
  const { events } = options;
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  // --- Token endpoint (RFC 6749 §4.4, §5.2). Hot path: plain numbers, copied in at scrape time.
  let tokensIssued = 0;
  const tokenErrors = new Map<OAuthErrorCode, number>();
  new Counter({
    name: "keyport_token_requests_total",
    help: "Token endpoint requests by outcome (issued|error) and, for errors, the RFC 6749 §5.2 error code.",
    labelNames: ["outcome", "error"] as const,
    registers,
    collect() {
      this.reset();
      this.inc({ outcome: "issued" }, tokensIssued);
      for (const [error, n] of tokenErrors) this.inc({ outcome: "error", error }, n);
    },
  });
  const tokenDuration = new Histogram({
    name: "keyport_token_request_duration_seconds",
    help: "Token endpoint latency from the start of the handler to the response, every outcome.",
    buckets: [...TOKEN_DURATION_BUCKETS],
    registers,
  });

  // --- Introspection (RFC 7662) and revocation (RFC 7009).
  const introspections = new Counter({
    name: "keyport_introspection_requests_total",
    help: "Introspection requests by outcome (active|inactive|error) and, for errors, the error code.",
    labelNames: ["outcome", "error"] as const,
    registers,
  });
  const revocations = new Counter({
    name: "keyport_revocation_requests_total",
    help: "Revocation requests by outcome (revoked: answered 200, RFC 7009 §2.2 | error) and, for errors, the error code.",
    labelNames: ["outcome", "error"] as const,
    registers,
  });
  const authFailures = new Counter({
    name: "keyport_client_auth_failures_total",
    help: "Failed client authentications (wrong secret, unknown or malformed client_id) by endpoint.",
    labelNames: ["endpoint"] as const,
    registers,
  });

  // --- Client cache. `cache.hit` runs on every token request: a plain number.
  let cacheHits = 0;
  new Counter({
    name: "keyport_client_cache_hits_total",
    help: "Client lookups answered from the in-memory cache.",
    registers,
    collect() {
      this.reset();
      this.inc(cacheHits);
    },
  });
  const cacheMisses = new Counter({
    name: "keyport_client_cache_misses_total",
    help: "Client lookups that went to the database.",
    registers,
  });
  const cacheStale = new Counter({
    name: "keyport_client_cache_stale_served_total",
    help: "Clients served from their last known state because the database was unavailable (KEYPORT_STALE_IF_ERROR).",
    registers,
  });

  // --- Database, rate limits.
  const dbErrors = new Counter({
    name: "keyport_database_errors_total",
    help: "Database operations that failed (unreachable, timed out), by operation.",
    labelNames: ["operation"] as const,
    registers,
  });
  const rateLimited = new Counter({
    name: "keyport_ratelimit_rejections_total",
    help: "Requests refused by a rate limiter, by limiter.",
    labelNames: ["limiter"] as const,
    registers,
  });

  // --- Mail (lib/mail): the outbox is counted at scrape time, deliveries as they happen.
  const mailQueued = new Counter({ name: "keyport_mail_queued_total", help: "Mail written to the outbox, by kind.", labelNames: ["kind"] as const, registers });
  const mailSent = new Counter({ name: "keyport_mail_sent_total", help: "Mail delivered (or stored in the development outbox), by kind.", labelNames: ["kind"] as const, registers });
  const mailFailed = new Counter({
    name: "keyport_mail_delivery_failures_total",
    help: "Failed delivery attempts, by kind; final=true when Keyport gave up on the message.",
    labelNames: ["kind", "final"] as const,
    registers,
  });
  const countMailQueue = options.countMailQueue;
  const mailTimeout = options.mailQueueTimeoutMs ?? MAIL_QUEUE_COLLECT_TIMEOUT_MS;
  // One count at a time: while the database hangs, scrapes share the pending query instead of
  // piling up new ones.
  let pendingCount: Promise<MailQueueCounts> | null = null;
  new Gauge({
    name: "keyport_mail_queue_depth",
    help: "Messages in the outbox by status: queued (waiting or retrying), sending, failed (gave up). Absent when the database did not answer in time.",
    labelNames: ["status"] as const,
    registers,
    async collect() {
      this.reset();
      if (!countMailQueue) return;
      pendingCount ??= countMailQueue().finally(() => (pendingCount = null));
      const counts = await withTimeout(pendingCount, mailTimeout);
      if (!counts) return;
      this.set({ status: "queued" }, counts.queued);
      this.set({ status: "sending" }, counts.sending);
      this.set({ status: "failed" }, counts.failed);
    },
  });

  // --- LISTEN connection for cache invalidation (lib/db/database.ts).
  const listenConnected = new Gauge({
    name: "keyport_listen_connected",
    help: "1 while the LISTEN connection for cache invalidation is up, 0 while it is down or not yet started.",
    registers,
  });
  listenConnected.set(0);

  const limiterLabel = boundedLabel();
  const operationLabel = boundedLabel();
  const kindLabel = boundedLabel();
  const endpointLabel = boundedLabel();

  const unsubscribe = [
    events.on("token.issued", (e) => {
      tokensIssued++;
      tokenDuration.observe(e.durationMs / 1000);
    }),
    events.on("oauth.error", (e) => {
      if (e.endpoint === "token") {
        tokenErrors.set(e.error, (tokenErrors.get(e.error) ?? 0) + 1);
        tokenDuration.observe(e.durationMs / 1000);
      } else if (e.endpoint === "introspection") introspections.inc({ outcome: "error", error: e.error });
      else revocations.inc({ outcome: "error", error: e.error });
    }),
    events.on("token.introspected", (e) => introspections.inc({ outcome: e.active ? "active" : "inactive" })),
    events.on("token.revoked", () => revocations.inc({ outcome: "revoked" })),
    events.on("client.auth_failed", (e) => authFailures.inc({ endpoint: endpointLabel(e.endpoint) })),
    events.on("cache.hit", () => {
      cacheHits++;
    }),
    events.on("cache.miss", () => cacheMisses.inc()),
    events.on("cache.stale", () => cacheStale.inc()),
    events.on("db.error", (e) => dbErrors.inc({ operation: operationLabel(e.operation) })),
    events.on("ratelimit.rejected", (e) => rateLimited.inc({ limiter: limiterLabel(e.limiter) })),
    events.on("mail.queued", (e) => mailQueued.inc({ kind: kindLabel(e.kind) })),
    events.on("mail.sent", (e) => mailSent.inc({ kind: kindLabel(e.kind) })),
    events.on("mail.failed", (e) => mailFailed.inc({ kind: kindLabel(e.kind), final: e.final ? "true" : "false" })),
    events.on("listen.state", (e) => listenConnected.set(e.connected ? 1 : 0)),
  ];

  return {
    registry,
    contentType: registry.contentType,
    stop() {
      for (const off of unsubscribe) off();
    },
  };
}

// The metrics subscriber: events in, Prometheus text out (prom-client's own exposition, parsed
// back line by line), plus the scrape-time mail-queue count and its timeout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyportEvents } from "../events/events";
import { createMetrics } from "./create-metrics";
import { answerMetricsRequest, METRICS_LOOPBACK_ONLY, METRICS_TOKEN_REQUIRED } from "./metrics-endpoint";
import type { OAuthRequest } from "../oauth/oauth-http";

/** `name{labels} value` lines of an exposition, as a map from `name{labels}` to the number. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const i = line.lastIndexOf(" ");
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

const ISSUED = { clientId: "kp_a", appId: "app_a", grantType: "client_credentials", authMethod: "client_secret_basic", scope: "", ip: "127.0.0.1", profile: "rfc6749" };

test("token, cache, database, limiter, mail and LISTEN events become the documented series", async () => {
  const events = new KeyportEvents();
  const m = createMetrics({ events, defaultMetrics: false, countMailQueue: async () => ({ queued: 4, sending: 1, failed: 2 }) });
  for (const durationMs of [0.4, 3, 700]) events.emit("token.issued", { ...ISSUED, durationMs });
  events.emit("oauth.error", { endpoint: "token", error: "invalid_client", status: 401, durationMs: 2 });
  events.emit("oauth.error", { endpoint: "token", error: "invalid_client", status: 401, durationMs: 2 });
  events.emit("oauth.error", { endpoint: "token", error: "invalid_scope", status: 400, durationMs: 1.5, appId: "app_a" });
  events.emit("oauth.error", { endpoint: "introspection", error: "invalid_request", status: 400, durationMs: 1 });
  events.emit("token.introspected", { clientId: "kp_a", active: true, durationMs: 1 });
  events.emit("token.introspected", { clientId: "kp_a", active: false, durationMs: 1 });
  events.emit("token.introspected", { clientId: "kp_a", active: false, durationMs: 1 });
  events.emit("token.revoked", { clientId: "kp_a", durationMs: 1 });
  events.emit("oauth.error", { endpoint: "revocation", error: "invalid_client", status: 401, durationMs: 1 });
  events.emit("client.auth_failed", { endpoint: "token", clientId: "kp_x", address: "203.0.113.9" });
  for (let i = 0; i < 5; i++) events.emit("cache.hit", {});
  events.emit("cache.miss", {});
  events.emit("cache.stale", { clientId: "kp_a" });
  events.emit("db.error", { operation: "client.load", error: "ECONNREFUSED" });
  events.emit("ratelimit.rejected", { limiter: "auth_failures_per_client" });
  events.emit("ratelimit.rejected", { limiter: "auth_failures_per_client" });
  events.emit("mail.queued", { kind: "sign_in" });
  events.emit("mail.sent", { kind: "sign_in" });
  events.emit("mail.failed", { kind: "credentials", final: false });
  events.emit("mail.failed", { kind: "credentials", final: true });
  events.emit("listen.state", { connected: true });

  const text = await m.registry.metrics();
  assert.equal(m.contentType, "text/plain; version=0.0.4; charset=utf-8");
  const s = samples(text);
  const expect: Record<string, number> = {
    'keyport_token_requests_total{outcome="issued"}': 3,
    'keyport_token_requests_total{outcome="error",error="invalid_client"}': 2,
    'keyport_token_requests_total{outcome="error",error="invalid_scope"}': 1,
    keyport_token_request_duration_seconds_count: 6,
    'keyport_token_request_duration_seconds_bucket{le="0.001"}': 1,
    'keyport_token_request_duration_seconds_bucket{le="0.0025"}': 4,
    'keyport_token_request_duration_seconds_bucket{le="0.005"}': 5,
    'keyport_token_request_duration_seconds_bucket{le="0.5"}': 5,
    'keyport_token_request_duration_seconds_bucket{le="1"}': 6,
    'keyport_token_request_duration_seconds_bucket{le="+Inf"}': 6,
    'keyport_introspection_requests_total{outcome="active"}': 1,
    'keyport_introspection_requests_total{outcome="inactive"}': 2,
    'keyport_introspection_requests_total{outcome="error",error="invalid_request"}': 1,
    'keyport_revocation_requests_total{outcome="revoked"}': 1,
    'keyport_revocation_requests_total{outcome="error",error="invalid_client"}': 1,
    'keyport_client_auth_failures_total{endpoint="token"}': 1,
    keyport_client_cache_hits_total: 5,
    keyport_client_cache_misses_total: 1,
    keyport_client_cache_stale_served_total: 1,
    'keyport_database_errors_total{operation="client.load"}': 1,
    'keyport_ratelimit_rejections_total{limiter="auth_failures_per_client"}': 2,
    'keyport_mail_queued_total{kind="sign_in"}': 1,
    'keyport_mail_sent_total{kind="sign_in"}': 1,
    'keyport_mail_delivery_failures_total{kind="credentials",final="false"}': 1,
    'keyport_mail_delivery_failures_total{kind="credentials",final="true"}': 1,
    'keyport_mail_queue_depth{status="queued"}': 4,
    'keyport_mail_queue_depth{status="sending"}': 1,
    'keyport_mail_queue_depth{status="failed"}': 2,
    keyport_listen_connected: 1,
  };
  for (const [series, value] of Object.entries(expect)) assert.equal(s.get(series), value, `${series} in:\n${text}`);
  assert.ok(Math.abs(s.get("keyport_token_request_duration_seconds_sum")! - 0.7089) < 1e-9);
  assert.match(text, /# TYPE keyport_token_requests_total counter/);
  assert.match(text, /# TYPE keyport_token_request_duration_seconds histogram/);
  assert.match(text, /# TYPE keyport_mail_queue_depth gauge/);

  events.emit("listen.state", { connected: false });
  events.emit("token.issued", { ...ISSUED, durationMs: 1 });
  const again = samples(await m.registry.metrics());
  assert.equal(again.get("keyport_listen_connected"), 0);
  assert.equal(again.get('keyport_token_requests_total{outcome="issued"}'), 4, "counters keep counting across scrapes");

  m.stop();
  events.emit("token.issued", { ...ISSUED, durationMs: 1 });
  assert.equal(samples(await m.registry.metrics()).get('keyport_token_requests_total{outcome="issued"}'), 4, "stopped: no longer subscribed");
});

test("before any event: zero counts, LISTEN down, and no process metrics unless asked for", async () => {
  const m = createMetrics({ events: new KeyportEvents(), defaultMetrics: false });
  const s = samples(await m.registry.metrics());
  assert.equal(s.get('keyport_token_requests_total{outcome="issued"}'), 0);
  assert.equal(s.get("keyport_token_request_duration_seconds_count"), 0);
  assert.equal(s.get("keyport_client_cache_hits_total"), 0);
  assert.equal(s.get("keyport_listen_connected"), 0);
  assert.equal([...s.keys()].some((k) => k.startsWith("keyport_mail_queue_depth")), false);
  assert.equal([...s.keys()].some((k) => k.startsWith("process_")), false);

  const withDefaults = createMetrics({ events: new KeyportEvents() });
  const text = await withDefaults.registry.metrics();
  assert.match(text, /^process_cpu_user_seconds_total \d/m);
  assert.match(text, /^process_resident_memory_bytes \d/m);
  assert.match(text, /^nodejs_eventloop_lag_seconds /m);
  // Two registries in one process (as Next's copy and the server's would be) do not collide.
  assert.doesNotThrow(() => createMetrics({ events: new KeyportEvents() }));
});

test("a mail-queue count that hangs never hangs the scrape: the gauge is left out, one query at a time", async () => {
  let calls = 0;
  const m = createMetrics({
    events: new KeyportEvents(),
    defaultMetrics: false,
    mailQueueTimeoutMs: 100,
    countMailQueue: () => {
      calls++;
      return new Promise(() => {}); // a black-holed database
    },
  });
  const started = Date.now();
  const [a, b] = await Promise.all([m.registry.metrics(), m.registry.metrics()]);
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 1000, `scrapes took ${elapsed} ms`);
  for (const text of [a, b]) {
    assert.doesNotMatch(text, /^keyport_mail_queue_depth\{/m);
    assert.match(text, /^keyport_token_requests_total\{outcome="issued"\} 0$/m, "the rest of the scrape is intact");
  }
  await m.registry.metrics();
  assert.equal(calls, 1, "scrapes share the pending count instead of piling up queries");

  const failing = createMetrics({ events: new KeyportEvents(), defaultMetrics: false, countMailQueue: () => Promise.reject(new Error("ECONNREFUSED")) });
  assert.doesNotMatch(await failing.registry.metrics(), /^keyport_mail_queue_depth\{/m);
});

test("free-text label values are bounded: beyond 32 distinct limiters, the rest count as other", async () => {
  const events = new KeyportEvents();
  const m = createMetrics({ events, defaultMetrics: false });
  for (let i = 0; i < 40; i++) events.emit("ratelimit.rejected", { limiter: `limiter_${i}` });
  const s = samples(await m.registry.metrics());
  const series = [...s.keys()].filter((k) => k.startsWith("keyport_ratelimit_rejections_total"));
  assert.equal(series.length, 33);
  assert.equal(s.get('keyport_ratelimit_rejections_total{limiter="other"}'), 8);
});

function request(init: { method?: string; socket?: string; headers?: Record<string, string> }): OAuthRequest {
  const headers = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: init.method ?? "GET", header: (n) => headers[n], body: "", bodyTooLarge: false, remoteAddress: init.socket ?? "127.0.0.1" };
}

test("GET /metrics access: loopback only without a token, the bearer token from anywhere with one, never cacheable", async () => {
  const m = createMetrics({ events: new KeyportEvents(), defaultMetrics: false });
  const open = { token: undefined, trustProxy: 0 };
  for (const socket of ["127.0.0.1", "::1"]) {
    const ok = await answerMetricsRequest(request({ socket }), m, open);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8");
    assert.equal(ok.headers["Cache-Control"], "no-store");
    assert.match(ok.body, /^keyport_listen_connected 0$/m);
  }
  for (const r of [
    request({ socket: "203.0.113.7" }),
    request({ headers: { "X-Forwarded-For": "203.0.113.7" } }), // a same-host reverse proxy
    request({ headers: { Forwarded: "for=203.0.113.7" } }),
    request({ headers: { Via: "1.1 proxy" } }),
  ]) {
    const res = await answerMetricsRequest(r, m, open);
    assert.equal(res.status, 403);
    assert.equal(res.body, METRICS_LOOPBACK_ONLY);
    assert.equal(res.headers["Cache-Control"], "no-store");
  }
  assert.equal((await answerMetricsRequest(request({}), m, { token: undefined, trustProxy: 1 })).status, 403, "behind a trusted proxy nobody is local");

  const token = "s3cret-metrics-token-0123456789";
  const guarded = { token, trustProxy: 0 };
  const missing = await answerMetricsRequest(request({}), m, guarded);
  assert.equal(missing.status, 401);
  assert.equal(missing.body, METRICS_TOKEN_REQUIRED);
  assert.equal(missing.headers["WWW-Authenticate"], 'Bearer realm="keyport-metrics"');
  for (const authorization of [`Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Basic ${token}`, "Bearer", `Bearer  `]) {
    const res = await answerMetricsRequest(request({ headers: { Authorization: authorization } }), m, guarded);
    assert.equal(res.status, 401, authorization);
    assert.equal(res.body, METRICS_TOKEN_REQUIRED);
  }
  const wrong = await answerMetricsRequest(request({ headers: { Authorization: "Bearer nope" } }), m, guarded);
  assert.equal(wrong.headers["WWW-Authenticate"], 'Bearer realm="keyport-metrics", error="invalid_token"');
  for (const authorization of [`Bearer ${token}`, `bearer ${token}`]) {
    const remote = await answerMetricsRequest(request({ socket: "203.0.113.7", headers: { Authorization: authorization, "X-Forwarded-For": "198.51.100.1" } }), m, guarded);
    assert.equal(remote.status, 200, authorization);
  }

  const post = await answerMetricsRequest(request({ method: "POST" }), m, open);
  assert.equal(post.status, 405);
  assert.equal(post.headers.Allow, "GET, HEAD");
});

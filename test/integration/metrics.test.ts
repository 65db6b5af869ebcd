// GET /metrics (issue #8 item 10) against the production server: Prometheus text counting exactly
// the token requests made, by outcome and error code; the latency histogram; the client cache;
// LISTEN state; the mail queue counted from the EmailMessage table and mail deliveries through a
// real SMTP server. Access: loopback only — a request through a same-host proxy (X-Forwarded-For)
// is refused — unless KEYPORT_METRICS_TOKEN is set, then the bearer token and nothing else.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import {
  createApp,
  createDeployment,
  ensureBuild,
  selectedBackends,
  startKeyport,
  type CreatedApp,
  type Deployment,
  type KeyportServer,
} from "../support/keyport";
import { assertOAuthError, basicAuth, getToken, postForm, request } from "../support/oauth";
import { startSmtp, type SmtpCapture } from "../support/smtp";
import { raw } from "../support/raw-http";

const METRICS_TOKEN = "metrics-token-for-the-integration-test-0123";
const LOOPBACK_ONLY =
  "Forbidden: /metrics answers clients on this machine only (not through a proxy). Set KEYPORT_METRICS_TOKEN to scrape it with a bearer token.\n";
const TOKEN_REQUIRED = "Unauthorized: /metrics needs Authorization: Bearer <KEYPORT_METRICS_TOKEN>.\n";

/** `name{labels}` → value for every sample line of a Prometheus text exposition. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const i = line.lastIndexOf(" ");
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

async function scrape(s: KeyportServer, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const res = await request(`${s.url}/metrics`, { method: "GET", headers });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  assert.equal(res.headers.get("cache-control"), "no-store");
  return samples(res.text);
}



/** One sign-in mail through Auth.js (GET csrf, POST signin/nodemailer), delivered by lib/mail. */
async function requestSignInLink(base: string, email: string): Promise<void> {
  const csrf = await raw(`${base}/api/auth/csrf`);
  assert.equal(csrf.status, 200, csrf.text);
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const res = await raw(`${base}/api/auth/signin/nodemailer`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ email, csrfToken, callbackUrl: "/apps" }).toString(),
  });
  assert.ok(res.status === 302 || res.status === 303, `sign-in request answered ${res.status}: ${res.text}`);
}

for (const backend of selectedBackends()) {
  describe(`GET /metrics (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let smtp: SmtpCapture;
    let app: CreatedApp; // scopes: application.client

    before(async () => {
      ensureBuild();
      smtp = await startSmtp();
      d = await createDeployment(backend, { SMTP_URL: smtp.url });
      s = await startKeyport(d);
      app = await createApp(d, { scopes: "application.client" });
    });

    after(async () => {
      await d?.dispose();
      await smtp?.close();
    });

    test("counts exactly the token requests made, by outcome and error code, with their latency", async () => {
      const before = await scrape(s);
      assert.equal(before.get('keyport_token_requests_total{outcome="issued"}'), 0);
      assert.equal(before.get("keyport_token_request_duration_seconds_count"), 0);

      for (let i = 0; i < 3; i++) await getToken(s.url, app.client_id, app.client_secret);
      const tokenUrl = `${s.url}/oauth/token`;
      assertOAuthError(
        await postForm(tokenUrl, { grant_type: "client_credentials" }, { Authorization: basicAuth(app.client_id, `${app.client_secret}x`) }),
        401,
        "invalid_client",
      );
      assertOAuthError(
        await postForm(tokenUrl, { grant_type: "client_credentials", scope: "domain.manage" }, { Authorization: basicAuth(app.client_id, app.client_secret) }),
        400,
        "invalid_scope",
      );

      const m = await scrape(s);
      assert.equal(m.get('keyport_token_requests_total{outcome="issued"}'), 3);
      assert.equal(m.get('keyport_token_requests_total{outcome="error",error="invalid_client"}'), 1);
      assert.equal(m.get('keyport_token_requests_total{outcome="error",error="invalid_scope"}'), 1);
      const tokenSeries = [...m.keys()].filter((k) => k.startsWith("keyport_token_requests_total"));
      assert.equal(tokenSeries.length, 3, `no other outcome was counted: ${tokenSeries.join(", ")}`);
      assert.equal(m.get("keyport_token_request_duration_seconds_count"), 5);
      assert.equal(m.get('keyport_token_request_duration_seconds_bucket{le="+Inf"}'), 5);
      const sum = m.get("keyport_token_request_duration_seconds_sum")!;
      assert.ok(sum > 0 && sum < 5, `latency sum ${sum} s`);
      assert.ok(m.has('keyport_token_request_duration_seconds_bucket{le="0.001"}'));

      // The first lookup of a new client went to the database; later ones are cache hits.
      assert.ok(m.get("keyport_client_cache_misses_total")! >= 1, "a cache miss was counted");
      await getToken(s.url, app.client_id, app.client_secret);
      const later = await scrape(s);
      assert.equal(later.get('keyport_token_requests_total{outcome="issued"}'), 4);
      assert.ok(later.get("keyport_client_cache_hits_total")! > m.get("keyport_client_cache_hits_total")!, "cache hits move with a request for a cached client");
      assert.equal(later.get("keyport_client_cache_misses_total"), m.get("keyport_client_cache_misses_total"), "and cause no miss");
    });

    test("LISTEN connection up, process metrics present", async () => {
      const m = await scrape(s);
      assert.equal(m.get("keyport_listen_connected"), 1);
      assert.ok(m.get("process_resident_memory_bytes")! > 0);
      assert.ok(m.has("nodejs_heap_size_used_bytes"));
      if (backend !== "postgres") return;

      // The LISTEN session is killed server-side: the gauge drops to 0 until the client has
      // reconnected (about 500 ms later), then reads 1 again — no restart.
      const admin = new pg.Client({ connectionString: d.database!.url });
      await admin.connect();
      try {
        const killed = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
        );
        assert.equal(killed.rowCount, 1, "one LISTEN session");
      } finally {
        await admin.end();
      }
      const seen: number[] = [];
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const v = (await scrape(s)).get("keyport_listen_connected")!;
        if (seen.at(-1) !== v) seen.push(v);
        if (seen.length >= 2 && v === 1) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.deepEqual(seen.slice(-2), [0, 1], `LISTEN state over time: ${seen.join(" → ")}`);
    });

    test("mail: deliveries counted as they happen, the queue counted from the outbox", async () => {
      const email = `metrics-${Date.now()}@example.test`;
      await requestSignInLink(s.url, email);
      await smtp.waitFor(email, 1);
      let m = await scrape(s);
      assert.equal(m.get('keyport_mail_queued_total{kind="sign_in"}'), 1);
      assert.equal(m.get('keyport_mail_sent_total{kind="sign_in"}'), 1);
      assert.equal(m.get('keyport_mail_queue_depth{status="queued"}'), 0);
      assert.equal(m.get('keyport_mail_queue_depth{status="sending"}'), 0);
      assert.equal(m.get('keyport_mail_queue_depth{status="failed"}'), 0);

      if (backend === "postgres") {
        // Rows another instance left in the outbox: one waiting for its retry, one given up.
        const client = new pg.Client({ connectionString: d.database!.url });
        await client.connect();
        try {
          await client.query(
            `INSERT INTO "EmailMessage" (id, "to", subject, kind, payload, status, attempts, "nextAttemptAt")
             VALUES ('metrics_q', 'a@example.test', 's', 'app_approved', '', 'queued', 1, now() + interval '1 day'),
                    ('metrics_f', 'b@example.test', 's', 'app_denied', '', 'failed', 8, now())`,
          );
        } finally {
          await client.end();
        }
        m = await scrape(s);
        assert.equal(m.get('keyport_mail_queue_depth{status="queued"}'), 1);
        assert.equal(m.get('keyport_mail_queue_depth{status="sending"}'), 0);
        assert.equal(m.get('keyport_mail_queue_depth{status="failed"}'), 1);
      }
    });

    test("a request through a same-host reverse proxy is not local: 403", async () => {
      const proxied: Record<string, string>[] = [{ "X-Forwarded-For": "203.0.113.5" }, { Forwarded: "for=203.0.113.5" }, { "X-Real-IP": "203.0.113.5" }];
      for (const headers of proxied) {
        const res = await request(`${s.url}/metrics`, { method: "GET", headers });
        assert.equal(res.status, 403, JSON.stringify(headers));
        assert.equal(res.text, LOOPBACK_ONLY);
        assert.equal(res.headers.get("cache-control"), "no-store");
      }
      const post = await request(`${s.url}/metrics`, { method: "POST", body: "" });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get("allow"), "GET, HEAD");
    });

    test("with KEYPORT_METRICS_TOKEN: no or a wrong bearer token → 401, the right one → 200 from anywhere", async () => {
      await s.stop();
      s = await startKeyport(d, { KEYPORT_METRICS_TOKEN: METRICS_TOKEN });
      const url = `${s.url}/metrics`;

      const none = await request(url, { method: "GET" });
      assert.equal(none.status, 401, "a token configured means loopback alone is not enough");
      assert.equal(none.text, TOKEN_REQUIRED);
      assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="keyport-metrics"');
      assert.equal(none.headers.get("cache-control"), "no-store");

      for (const authorization of [`Bearer ${METRICS_TOKEN}0`, `Bearer ${METRICS_TOKEN.slice(1)}`, `Basic ${METRICS_TOKEN}`]) {
        const wrong = await request(url, { method: "GET", headers: { Authorization: authorization } });
        assert.equal(wrong.status, 401, authorization);
        assert.equal(wrong.text, TOKEN_REQUIRED);
      }
      const wrong = await request(url, { method: "GET", headers: { Authorization: "Bearer not-the-token" } });
      assert.equal(wrong.headers.get("www-authenticate"), 'Bearer realm="keyport-metrics", error="invalid_token"');

      const m = await scrape(s, { Authorization: `Bearer ${METRICS_TOKEN}` });
      assert.equal(m.get('keyport_token_requests_total{outcome="issued"}'), 0, "a fresh process starts from zero");
      const proxied = await scrape(s, { Authorization: `Bearer ${METRICS_TOKEN}`, "X-Forwarded-For": "203.0.113.5" });
      assert.equal(proxied.get("keyport_listen_connected"), 1);
    });
  });
}

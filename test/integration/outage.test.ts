// Database outages (issue #8 item 4), PostgreSQL only. Keyport reaches its database through a TCP
// proxy this test controls (test/support/tcp-proxy.ts); the machine's PostgreSQL is never touched,
// and the CLI talks to PostgreSQL directly, as an operator's would. Two outages, each starting
// from a healthy server:
//   1. cut (connections refused, open ones reset) for a few seconds;
//   2. black hole (accepted, never answered) for 70 s — longer than a client-cache entry lives
//      (KEYPORT_CLIENT_CACHE_TTL=20 here) —
//      during which a cached client must keep getting valid tokens (stale-if-error, default
//      KEYPORT_STALE_IF_ERROR), while an uncached client gets 503 temporarily_unavailable within
//      5 s, /api/ready 503 within 3 s and a signed-in page the 503 "temporarily unavailable" page.
// After each: recovery without a restart — /api/ready 200, the same session cookie still signed
// in, new CLI apps get tokens, CLI changes reach the running server again (LISTEN resumes, and
// what was missed while it was down is caught up).
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import {
  createApp,
  createDeployment,
  ensureBuild,
  runCli,
  selectedBackends,
  startKeyport,
  type CreatedApp,
  type Deployment,
  type KeyportServer,
} from "../support/keyport";
import { basicAuth, eventually, sleep } from "../support/oauth";
import { startSmtp, type SmtpCapture } from "../support/smtp";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const DESCRIPTION = "the authorization server is temporarily unavailable; try again shortly";
/** The bounds: OAuth endpoints answer within 5 s, /api/ready within 3 s. */
const OAUTH_BOUND_MS = 5000;
const READY_BOUND_MS = 3000;
const LONG_OUTAGE_MS = 70_000;
const INVALIDATION_MS = 3000;

interface Result {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

/** node:http with our own deadline well beyond the bounds, so a hang shows as a measured failure. */
function call(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Result> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? "GET", headers: { connection: "close", ...opts.headers }, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }),
      );
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url} within 30 s`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

const form = (pairs: Record<string, string>) => new URLSearchParams(pairs).toString();
const FORM = { "content-type": "application/x-www-form-urlencoded" };

function cookiesOf(res: Result): string {
  const set = res.headers["set-cookie"] ?? [];
  return set.map((c) => c.split(";")[0]).join("; ");
}

function assertTemporarilyUnavailable(res: Result, what: string): void {
  assert.equal(res.status, 503, `${what}: expected 503, got ${res.status} after ${Math.round(res.ms)} ms: ${res.text}`);
  assert.deepEqual(JSON.parse(res.text), { error: "temporarily_unavailable", error_description: DESCRIPTION }, what);
  assert.match(String(res.headers["content-type"]), /^application\/json/, what);
  assert.match(String(res.headers["retry-after"]), /^[1-9][0-9]*$/, `${what}: Retry-After`);
  assert.equal(res.headers["cache-control"], "no-store", `${what}: Cache-Control`);
  assert.ok(res.ms < OAUTH_BOUND_MS, `${what}: answered after ${Math.round(res.ms)} ms (bound ${OAUTH_BOUND_MS} ms)`);
}

function assertUnavailablePage(res: Result, what: string): void {
  assert.equal(res.status, 503, `${what}: expected the 503 page, got ${res.status} ${res.headers.location ?? ""} after ${Math.round(res.ms)} ms`);
  assert.match(String(res.headers["content-type"]), /^text\/html/, what);
  assert.match(res.text, /temporarily unavailable/i, what);
  assert.match(String(res.headers["retry-after"]), /^[1-9][0-9]*$/, `${what}: Retry-After`);
  assert.equal(res.headers["cache-control"], "no-store", `${what}: Cache-Control`);
  assert.equal(res.headers["set-cookie"], undefined, `${what}: the session cookie is left alone`);
  assert.ok(res.ms < OAUTH_BOUND_MS, `${what}: answered after ${Math.round(res.ms)} ms`);
}

if (!selectedBackends().includes("postgres")) {
  test("database outages", { skip: "PostgreSQL only: set TEST_DATABASE_URL (the test puts a TCP proxy between Keyport and PostgreSQL)" }, () => {});
} else {
  describe("database outages behind a TCP proxy (PostgreSQL)", () => {
    let d: Deployment;
    let s: KeyportServer;
    let proxy: TcpProxy;
    let smtp: SmtpCapture;
    let jwks: ReturnType<typeof createLocalJWKSet>;
    let cached: CreatedApp;
    /** Cached by the server, then disabled through the CLI while the server cannot hear about it. */
    let missed: CreatedApp;
    let session: string;

    const token = (app: CreatedApp) =>
      call(`${s.url}/oauth/token`, { method: "POST", headers: { ...FORM, authorization: basicAuth(app.client_id, app.client_secret) }, body: form({ grant_type: "client_credentials" }) });
    const page = (path = "/apps") => call(`${s.url}${path}`, { headers: { cookie: session } });
    const ready = () => call(`${s.url}/api/ready`);
    const signedIn = (res: Result) => res.status === 200 && res.text.includes("Sign out");

    /** Every second, a token for `cached`: each must be 200 and a valid, correctly signed token. */
    function pollCachedClient() {
      const failures: string[] = [];
      let count = 0;
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          const started = Date.now();
          try {
            const res = await token(cached);
            count++;
            if (res.status !== 200) failures.push(`${new Date().toISOString()} ${res.status} after ${Math.round(res.ms)} ms: ${res.text}`);
            else {
              const { payload } = await jwtVerify((JSON.parse(res.text) as { access_token: string }).access_token, jwks, {
                issuer: s.url,
                typ: "at+jwt",
              });
              if (payload.client_id !== cached.client_id) failures.push(`token for ${String(payload.client_id)}`);
              if (res.ms >= OAUTH_BOUND_MS) failures.push(`200 but after ${Math.round(res.ms)} ms`);
            }
          } catch (err) {
            failures.push(`${new Date().toISOString()} ${err instanceof Error ? err.message : String(err)}`);
          }
          await sleep(Math.max(0, 1000 - (Date.now() - started)));
        }
      })();
      return {
        async finish() {
          stop = true;
          await loop;
          return { failures, count };
        },
      };
    }

    before(async () => {
      ensureBuild();
      smtp = await startSmtp();
      d = await createDeployment("postgres", { SMTP_URL: smtp.url });
      const direct = new URL(d.database!.url);
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      // Only the server goes through the proxy; KEYPORT_STALE_IF_ERROR is left at its default.
      // Cache entries live 20 s here (default 10 min), so the 70 s outage outlasts them: the cached
      // client is then served by stale-if-error, not by a fresh entry (checked on /metrics).
      s = await startKeyport(d, { DATABASE_URL: proxy.rewrite(d.database!.url), KEYPORT_CLIENT_CACHE_TTL: "20" });

      jwks = createLocalJWKSet(JSON.parse((await call(`${s.url}/.well-known/jwks.json`)).text) as JSONWebKeySet);
      cached = await createApp(d);
      missed = await createApp(d);
      for (const app of [cached, missed]) assert.equal((await token(app)).status, 200);

      // Signed in the way a person is: a magic link by real mail, opened (the app's own session code).
      const email = `outage-${Date.now()}@example.test`;
      const csrf = await call(`${s.url}/api/auth/csrf`);
      const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
      const asked = await call(`${s.url}/api/auth/signin/nodemailer`, {
        method: "POST",
        headers: { ...FORM, cookie: cookiesOf(csrf) },
        body: form({ email, csrfToken, callbackUrl: "/apps" }),
      });
      assert.equal(asked.status, 302, asked.text);
      const [mail] = await smtp.waitFor(email, 1);
      const link = (mail!.text.match(/https?:\/\/[^\s<>"']+/g) ?? []).find((l) => l.includes("/api/auth/callback/nodemailer"));
      assert.ok(link, mail!.text);
      const opened = await call(link.replace(/^https?:\/\/[^/]+/, s.url));
      assert.equal(opened.status, 302, opened.text);
      session = cookiesOf(opened);
      assert.match(session, /authjs\.session-token=/);
      assert.ok(signedIn(await page()), "signed in before the outage");
    });

    after(async () => {
      if (process.env.KEYPORT_IT_SHOW_LOGS === "1" && s) console.error(`--- Keyport ${s.url} log ---\n${s.logs()}`);
      await proxy?.close();
      await d?.dispose();
      await smtp?.close();
    });

    test("cut (refused, open connections reset): 503 temporarily_unavailable, /api/ready 503, the unavailable page; then recovery", async (t) => {
      const uncached = await createApp(d);
      const poll = pollCachedClient();
      await proxy.setMode("cut");
      try {
        // All at once, the moment the database goes: these race the availability monitor.
        const [tk, r, p, health] = await Promise.all([token(uncached), ready(), page(), call(`${s.url}/api/health`)]);
        t.diagnostic(`cut: token ${Math.round(tk.ms)} ms, ready ${Math.round(r.ms)} ms, page ${Math.round(p.ms)} ms`);
        assertTemporarilyUnavailable(tk, "uncached client, token");
        assert.equal(r.status, 503, r.text);
        assert.ok(r.ms < READY_BOUND_MS, `/api/ready after ${Math.round(r.ms)} ms`);
        assertUnavailablePage(p, "signed-in page");
        assert.equal(health.status, 200, "liveness does not depend on the database");

        const revoke = await call(`${s.url}/oauth/revoke`, {
          method: "POST",
          headers: { ...FORM, authorization: basicAuth(cached.client_id, cached.client_secret) },
          body: form({ token: "x.y.z" + "a".repeat(10) }),
        });
        // An unparseable token needs no database (RFC 7009 §2.2: 200). A real one does:
        assert.equal(revoke.status, 200, revoke.text);
        const own = JSON.parse((await token(cached)).text) as { access_token: string };
        assertTemporarilyUnavailable(
          await call(`${s.url}/oauth/revoke`, {
            method: "POST",
            headers: { ...FORM, authorization: basicAuth(cached.client_id, cached.client_secret) },
            body: form({ token: own.access_token }),
          }),
          "revocation",
        );
        assertTemporarilyUnavailable(await call(`${s.url}/.well-known/oauth-authorization-server`), "discovery");
        await sleep(4000);
        assertUnavailablePage(await page("/"), "home page, a while into the outage");
        assertTemporarilyUnavailable(await token(uncached), "uncached client, a while into the outage");
      } finally {
        await proxy.setMode("pass");
      }
      assert.ok(await eventually(async () => (await ready()).status === 200, 10_000, 250), "/api/ready 200 again after the cut");
      assert.equal((await token(uncached)).status, 200, "the uncached client gets tokens once the database is back");
      assert.ok(signedIn(await page()), "the same session cookie is still signed in");
      const { failures, count } = await poll.finish();
      assert.deepEqual(failures, [], `cached client during the cut (${count} requests)`);
    });

    test(`black hole for ${LONG_OUTAGE_MS / 1000} s: a cached client keeps getting valid tokens; everything else 503 within its bound`, async (t) => {
      const uncached = await createApp(d);
      assert.equal((await token(cached)).status, 200);
      const poll = pollCachedClient();
      const started = Date.now();
      await proxy.setMode("blackhole");
      try {
        // The moment the database stops answering: nothing has failed yet, pooled connections
        // look healthy. These must not hang.
        const [tk, r, p] = await Promise.all([token(uncached), ready(), page()]);
        t.diagnostic(`black hole: token ${Math.round(tk.ms)} ms, ready ${Math.round(r.ms)} ms, page ${Math.round(p.ms)} ms`);
        assertTemporarilyUnavailable(tk, "uncached client, token (black hole)");
        assert.equal(r.status, 503, r.text);
        assert.ok(r.ms < READY_BOUND_MS, `/api/ready after ${Math.round(r.ms)} ms (bound ${READY_BOUND_MS} ms)`);
        assertUnavailablePage(p, "signed-in page (black hole)");

        // An operator disables an app meanwhile: the server cannot hear of it until it reconnects.
        const off = await runCli(d, ["apps", "disable", missed.client_id]);
        assert.equal(off.code, 0, off.stderr);

        // Checked again well into the outage (the monitor's steady state), and /api/ready each time.
        for (const at of [20_000, 45_000]) {
          await sleep(Math.max(0, at - (Date.now() - started)));
          const [t2, r2, p2] = await Promise.all([token(uncached), ready(), page("/")]);
          t.diagnostic(`black hole at ${at / 1000} s: token ${Math.round(t2.ms)} ms, ready ${Math.round(r2.ms)} ms, page ${Math.round(p2.ms)} ms`);
          assertTemporarilyUnavailable(t2, `uncached client at ${at / 1000} s`);
          assert.equal(r2.status, 503);
          assert.ok(r2.ms < READY_BOUND_MS, `/api/ready after ${Math.round(r2.ms)} ms`);
          assertUnavailablePage(p2, `home page at ${at / 1000} s`);
        }
        await sleep(Math.max(0, LONG_OUTAGE_MS - (Date.now() - started)));
      } finally {
        await proxy.setMode("pass");
      }
      const { failures, count } = await poll.finish();
      t.diagnostic(`cached client: ${count} token requests during the outage, ${failures.length} failed`);
      assert.ok(count >= 60, `polled ${count} times`);
      assert.deepEqual(failures, [], `cached client through the ${LONG_OUTAGE_MS / 1000} s outage (${count} requests)`);
      // Proof that the entry outlived its TTL and was served from its last known state.
      const metrics = await fetch(`${s.url}/metrics`).then((r) => r.text());
      const stale = Number(/^keyport_client_cache_stale_served_total (\d+)/m.exec(metrics)?.[1] ?? 0);
      t.diagnostic(`stale serves during the outage: ${stale}`);
      assert.ok(stale > 0, "the cached client was served stale (stale-if-error) during the outage");
    });

    test("recovery without restart: ready, still signed in, CLI apps get tokens, changes reach the server again", async (t) => {
      const since = Date.now();
      assert.ok(await eventually(async () => (await ready()).status === 200, 15_000, 250), "/api/ready 200 again");
      t.diagnostic(`ready again ${Date.now() - since} ms after the proxy passed traffic again`);
      assert.ok(await eventually(async () => signedIn(await page()), 5000, 250), "the same session cookie is still signed in");

      // Missed while LISTEN was down, caught up on reconnect.
      assert.ok(
        await eventually(async () => (await token(missed)).status === 401, INVALIDATION_MS + 2000),
        "an app disabled during the outage is refused once the database is back",
      );

      const fresh = await createApp(d);
      assert.equal((await token(fresh)).status, 200, "a new CLI app gets tokens");
      assert.equal((await token(fresh)).status, 200); // cached now
      const off = await runCli(d, ["apps", "disable", fresh.client_id]);
      assert.equal(off.code, 0, off.stderr);
      assert.ok(
        await eventually(async () => (await token(fresh)).status === 401, INVALIDATION_MS),
        "a disable through the CLI reaches the running server (invalidation resumed)",
      );
      assert.equal((await token(cached)).status, 200, "the cached client is served from the database again");
    });
  });
}

// Rate limits over HTTP against the production server (issue #8, item 2), on the embedded database
// and on PostgreSQL: brute-force limits on client authentication at the token, introspection and
// revocation endpoints (429 + Retry-After, per (client_id, source address) and per address, the
// source address taken from X-Forwarded-For only because KEYPORT_TRUST_PROXY=1); two instances of
// one PostgreSQL deployment sharing one count; sign-in links per email and per source address —
// counted in mails a real SMTP server received, through Auth.js's own endpoint and through the
// sign-in form's server action; and registrations per owner through the portal's action.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
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
import { basicAuth, postForm, request, sleep, type HttpResult } from "../support/oauth";
import { startSmtp, type SmtpCapture } from "../support/smtp";
import { callFormAction, serverActionId } from "../support/server-action";

const CC = { grant_type: "client_credentials" };

/** The exact 429 of the client-authentication limits (RFC 6585 §4, RFC 9110 §10.2.3). */
function assertTooManyFailures(res: HttpResult, maxWait = 60): number {
  assert.equal(res.status, 429, `expected 429, got ${res.status}: ${res.text}`);
  const retryAfter = Number(res.headers.get("retry-after"));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= maxWait, `Retry-After: ${res.headers.get("retry-after")}`);
  assert.deepEqual(JSON.parse(res.text), {
    error: "temporarily_unavailable",
    error_description: `too many failed client authentications; retry in ${retryAfter} s`,
  });
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(res.headers.get("pragma"), "no-cache");
  return retryAfter;
}

function token(base: string, clientId: string, secret: string, from: string) {
  return postForm(`${base}/oauth/token`, CC, { Authorization: basicAuth(clientId, secret), "X-Forwarded-For": from });
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

/** Ask Auth.js itself for a sign-in link (GET csrf, POST signin/nodemailer) from source address `from`. */
async function requestLinkDirectly(base: string, email: string, from: string): Promise<{ status: number; location: string }> {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { "X-Forwarded-For": from }, signal: AbortSignal.timeout(15_000) });
  assert.equal(csrf.status, 200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/signin/nodemailer`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookiesOf(csrf), "X-Forwarded-For": from },
    body: new URLSearchParams({ email, csrfToken, callbackUrl: "/apps" }).toString(),
    redirect: "manual",
    signal: AbortSignal.timeout(15_000),
  });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get("location") ?? "" };
}

const LIMITED = /\/signin\/error\?error=RateLimited&retryAfter=(\d+)$/;

/** Wait until `count` mails reached `to`, then a little longer: no more may arrive. */
async function mailsSettled(smtp: SmtpCapture, to: string, count: number): Promise<number> {
  if (count > 0) await smtp.waitFor(to, count, 20_000);
  await sleep(1_500);
  return smtp.to(to).length;
}

const unique = (label: string) => `${label}-${crypto.randomBytes(4).toString("hex")}@example.test`;

for (const backend of selectedBackends()) {
  describe(`rate limits (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let smtp: SmtpCapture;
    let app: CreatedApp;

    before(async () => {
      ensureBuild();
      smtp = await startSmtp();
      d = await createDeployment(backend, {
        // One trusted proxy: X-Forwarded-For's last entry is the source address, so a test can
        // speak from many addresses.
        KEYPORT_TRUST_PROXY: "1",
        SMTP_URL: smtp.url,
        // Client-authentication and per-email limits stay at their defaults (10/1m, 100/1m, 5/15m).
        KEYPORT_LIMIT_SIGNIN_PER_ADDRESS: "10/15m",
        KEYPORT_LIMIT_REGISTER_PER_OWNER: "2/1h",
      });
      s = await startKeyport(d);
      app = await createApp(d);
    });

    after(async () => {
      await d?.dispose();
      await smtp?.close();
    });

    describe("client authentication (token, introspection, revocation)", () => {
      test("50 wrong secrets: 10 × 401 then 429 with Retry-After; the pair stays blocked even with the right secret; another address gets 200", async () => {
        const attacker = "203.0.113.7";
        const statuses: number[] = [];
        let last: HttpResult | undefined;
        for (let i = 0; i < 50; i++) {
          last = await token(s.url, app.client_id, `wrong-${i}`, attacker);
          statuses.push(last.status);
          if (last.status === 429) assertTooManyFailures(last);
        }
        assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(40).fill(429)]);
        assertTooManyFailures(last!);

        // Brute-force protection: a right guess from the blocked pair does not reveal itself.
        assertTooManyFailures(await token(s.url, app.client_id, app.client_secret, attacker));
        const introspect = await postForm(`${s.url}/oauth/introspect`, { token: "x" }, { Authorization: basicAuth(app.client_id, app.client_secret), "X-Forwarded-For": attacker });
        assertTooManyFailures(introspect);
        const revoke = await postForm(`${s.url}/oauth/revoke`, { token: "x" }, { Authorization: basicAuth(app.client_id, app.client_secret), "X-Forwarded-For": attacker });
        assertTooManyFailures(revoke);

        // The real client, calling from its own address, is not locked out.
        const real = await token(s.url, app.client_id, app.client_secret, "198.51.100.20");
        assert.equal(real.status, 200, real.text);
        assert.equal(typeof real.body?.access_token, "string");
        const realIntrospect = await postForm(`${s.url}/oauth/introspect`, { token: String(real.body!.access_token) }, { Authorization: basicAuth(app.client_id, app.client_secret), "X-Forwarded-For": "198.51.100.20" });
        assert.equal(realIntrospect.status, 200, realIntrospect.text);
        assert.equal(realIntrospect.body?.active, true);
      });

      test("failures at introspection and revocation count with the token endpoint's", async () => {
        const victim = await createApp(d);
        const from = "203.0.113.8";
        for (let i = 0; i < 5; i++) {
          const r = await postForm(`${s.url}/oauth/introspect`, { token: "x" }, { Authorization: basicAuth(victim.client_id, `bad-${i}`), "X-Forwarded-For": from });
          assert.equal(r.status, 401, r.text);
          assert.equal(r.body?.error, "invalid_client");
        }
        for (let i = 0; i < 5; i++) {
          const r = await postForm(`${s.url}/oauth/revoke`, { token: "x" }, { Authorization: basicAuth(victim.client_id, `bad-${i}`), "X-Forwarded-For": from });
          assert.equal(r.status, 401, r.text);
        }
        assertTooManyFailures(await token(s.url, victim.client_id, "bad-11", from));
        assertTooManyFailures(await token(s.url, victim.client_id, victim.client_secret, from));
        assert.equal((await token(s.url, victim.client_id, victim.client_secret, "198.51.100.21")).status, 200);
      });

      test("spraying client_ids from one address hits the per-address limit (100/1m)", async () => {
        const from = "203.0.113.9";
        for (let i = 0; i < 100; i++) {
          const r = await token(s.url, `sprayed-${i}-${crypto.randomBytes(3).toString("hex")}`, "guess", from);
          assert.equal(r.status, 401, `request ${i + 1}: ${r.text}`);
        }
        assertTooManyFailures(await token(s.url, "sprayed-last", "guess", from));
        // The address is refused as a whole — a client behind it too — and no other address is.
        assertTooManyFailures(await token(s.url, app.client_id, app.client_secret, from));
        assert.equal((await token(s.url, app.client_id, app.client_secret, "198.51.100.22")).status, 200);
      });

      test("without KEYPORT_TRUST_PROXY an X-Forwarded-For changes nothing: the socket address counts", { skip: backend !== "postgres" && "needs a second server on the deployment" }, async () => {
        const direct = await startKeyport(d, { KEYPORT_TRUST_PROXY: "0" });
        try {
          const victim = await createApp(d);
          for (let i = 0; i < 10; i++) {
            const r = await token(direct.url, victim.client_id, `bad-${i}`, `192.0.2.${i + 1}`);
            assert.equal(r.status, 401, r.text);
          }
          // All ten came from the socket's 127.0.0.1, whatever they claimed: the 11th is over the limit.
          assertTooManyFailures(await token(direct.url, victim.client_id, "bad-10", "192.0.2.100"));
          assertTooManyFailures(await token(direct.url, victim.client_id, victim.client_secret, "192.0.2.200"));
        } finally {
          await direct.stop();
        }
      });

      test("two instances of one deployment share the count (PostgreSQL)", { skip: backend !== "postgres" && "one instance per embedded database" }, async () => {
        const second = await startKeyport(d);
        try {
          const victim = await createApp(d);
          const from = "203.0.113.10";
          // 10 failures, alternating: each instance sees only 5 — under the limit of 10 on its own.
          for (let i = 0; i < 10; i++) {
            const r = await token(i % 2 === 0 ? s.url : second.url, victim.client_id, `bad-${i}`, from);
            assert.equal(r.status, 401, `failure ${i + 1}: ${r.text}`);
          }
          // The 11th and 12th, one per instance: over the shared limit on both.
          assertTooManyFailures(await token(s.url, victim.client_id, "bad-10", from));
          assertTooManyFailures(await token(second.url, victim.client_id, "bad-11", from));
          assertTooManyFailures(await token(second.url, victim.client_id, victim.client_secret, from));
          assert.equal((await token(second.url, victim.client_id, victim.client_secret, "198.51.100.23")).status, 200);
          assert.equal((await token(s.url, victim.client_id, victim.client_secret, "198.51.100.23")).status, 200);
        } finally {
          await second.stop();
        }
      });
    });

    describe("sign-in links", () => {
      test("30 requests for one address (from 30 source addresses, straight to Auth.js): 5 mails, then a redirect saying when to retry", async () => {
        const victim = unique("victim");
        const outcomes: string[] = [];
        for (let i = 0; i < 30; i++) {
          const r = await requestLinkDirectly(s.url, victim, `198.18.0.${i + 1}`);
          assert.equal(r.status, 302, JSON.stringify(r));
          const limited = LIMITED.exec(r.location);
          if (limited) {
            const wait = Number(limited[1]);
            assert.ok(wait > 800 && wait <= 900, r.location);
          }
          outcomes.push(limited ? "limited" : r.location.includes("/signin/error") ? r.location : "sent");
        }
        assert.deepEqual(outcomes, [...Array(5).fill("sent"), ...Array(25).fill("limited")]);
        assert.equal(await mailsSettled(smtp, victim, 5), 5, "exactly the per-email limit was delivered");
        const page = await request(`${s.url}/signin/error?error=RateLimited&retryAfter=720`, { method: "GET" });
        assert.equal(page.status, 200);
        assert.match(page.text, /Too many sign-in links requested for this address\. Try again in 12 minutes\./);
      });

      test("per source address: 10 links for 10 addresses, the 11th refused", async () => {
        const from = "198.19.0.1";
        const emails = Array.from({ length: 11 }, (_, i) => unique(`addr${i}`));
        const outcomes: boolean[] = [];
        for (const email of emails) outcomes.push(LIMITED.test((await requestLinkDirectly(s.url, email, from)).location));
        assert.deepEqual(outcomes, [...Array(10).fill(false), true]);
        for (const email of emails.slice(0, 10)) await smtp.waitFor(email, 1, 20_000);
        assert.equal(await mailsSettled(smtp, emails[10]!, 0), 0);
      });

      test("the sign-in form's action counts once per request and shows when to try again", async () => {
        const actionId = serverActionId("app/signin/actions.ts", "requestSignInLink");
        const email = unique("form");
        // Three links straight from Auth.js, then the form: with double counting the form's first
        // request would already be refused.
        for (let i = 0; i < 3; i++) assert.doesNotMatch((await requestLinkDirectly(s.url, email, `198.20.0.${i + 1}`)).location, LIMITED);
        const fields = (): Array<[string, string]> => [["email", email], ["callbackUrl", "/apps"]];
        for (let i = 0; i < 2; i++) {
          const sent = await callFormAction(s.url, "/signin", actionId, fields(), { "X-Forwarded-For": `198.20.1.${i + 1}` });
          // The action redirected to "check your email" (Next renders the target in the same response).
          assert.match(sent.headers.get("x-action-redirect") ?? "", /^\/signin\/check-email/, `form request ${i + 1}: ${sent.status} ${sent.text.slice(0, 300)}`);
        }
        const refused = await callFormAction(s.url, "/signin", actionId, fields(), { "X-Forwarded-For": "198.20.1.9" });
        assert.equal(refused.status, 200, refused.text.slice(0, 300));
        assert.match(refused.text, /Too many sign-in links requested for this address\. Try again in 1[45] minutes\./);
        assert.equal(await mailsSettled(smtp, email, 5), 5);
      });
    });

    describe("registration", () => {
      test("an owner registers 2 applications per hour (KEYPORT_LIMIT_REGISTER_PER_OWNER=2/1h); the 3rd is refused with when to try again", async () => {
        const owner = unique("owner");
        assert.doesNotMatch((await requestLinkDirectly(s.url, owner, "198.21.0.1")).location, LIMITED);
        const [mail] = await smtp.waitFor(owner, 1, 20_000);
        const link = (mail!.text.match(/https?:\/\/[^\s<>"']+/g) ?? []).find((l) => l.includes("/api/auth/callback/nodemailer"));
        assert.ok(link, mail!.text);
        const signedIn = await fetch(link, { redirect: "manual", headers: { "X-Forwarded-For": "198.21.0.1" } });
        await signedIn.arrayBuffer();
        const session = cookiesOf(signedIn);
        assert.match(session, /authjs\.session-token=/, `no session cookie (${signedIn.status})`);

        const actionId = serverActionId("app/apps/actions.ts", "registerAppAction");
        const register = (name: string) =>
          callFormAction(s.url, "/apps/new", actionId, [["name", name], ["description", "rate-limit test"], ["scopes", "application.client"]], {
            Cookie: session,
            "X-Forwarded-For": "198.21.0.1",
          });
        // An invalid attempt registers nothing and is given back: it does not count.
        const invalid = await register("");
        assert.equal(invalid.status, 200);
        assert.doesNotMatch(invalid.text, /registered too many/);
        for (const name of ["Limit one", "Limit two"]) {
          const ok = await register(name);
          assert.equal(ok.status, 200, ok.text.slice(0, 300));
          assert.match(ok.text, /"clientSecret":"/, `registration of ${name}: ${ok.text.slice(0, 500)}`);
        }
        const third = await register("Limit three");
        assert.equal(third.status, 200);
        assert.match(third.text, /You have registered too many applications recently\. Try again in (1 hour|60 minutes)\./);
        assert.doesNotMatch(third.text, /"clientSecret":"/);
      });
    });
  });
}

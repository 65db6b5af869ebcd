// Issue #12 item 8: sign-in links and Auth.js's redirects stay on the origin the user is on, or
// on the configured one — never on "localhost" when Keyport is configured and used on 127.0.0.1
// (Next rewrites loopback IPs to localhost in the URL Auth.js sees), and never on a host a
// request header chose. Next to public-origin.test.ts, which covers the forged-Host side of the
// same rule (issue #8).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createDeployment, ensureBuild, freePort, selectedBackends, startKeyport, type Deployment, type KeyportServer } from "../support/keyport";
import { startSmtp, type SmtpCapture } from "../support/smtp";
import { raw, cookiesOf, type RawResult } from "../support/raw-http";

/** GET csrf, POST signin/nodemailer: what Auth.js answers to a link request from `base`. */
async function requestLink(base: string, email: string, headers: Record<string, string> = {}): Promise<RawResult> {
  const csrf = await raw(`${base}/api/auth/csrf`, { headers });
  assert.equal(csrf.status, 200, csrf.text);
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  return raw(`${base}/api/auth/signin/nodemailer`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf) },
    body: new URLSearchParams({ email, csrfToken, callbackUrl: "/apps" }).toString(),
  });
}

async function mailedLink(smtp: SmtpCapture, email: string): Promise<string> {
  const [mail] = await smtp.waitFor(email, 1);
  const link = (mail!.text.match(/https?:\/\/[^\s<>"']+/g) ?? []).find((l) => l.includes("/api/auth/callback/nodemailer"));
  assert.ok(link, `a callback link in:\n${mail!.text}`);
  return link;
}

/** A redirect that keeps the browser where it is: a path (RFC 9110 §10.2.2), not another host. */
function assertStaysOnOrigin(res: RawResult, requestedOrigin: string, path: RegExp): void {
  assert.equal(res.status, 302, res.text);
  const location = String(res.headers.location);
  assert.match(location, /^\/(?![/\\])/, `a same-origin path, not ${location}`);
  assert.equal(new URL(location, requestedOrigin).origin, requestedOrigin);
  assert.match(location, path);
}

for (const backend of selectedBackends()) {
  describe(`sign-in stays on the user's origin (${backend})`, () => {
    let d: Deployment;
    let smtp: SmtpCapture;

    before(async () => {
      ensureBuild();
      smtp = await startSmtp();
      d = await createDeployment(backend, { SMTP_URL: smtp.url });
    });
    after(async () => {
      await d?.dispose();
      await smtp?.close();
    });

    describe("configured and used on http://127.0.0.1:PORT", () => {
      let s: KeyportServer;
      before(async () => {
        s = await startKeyport(d); // KEYPORT_ISSUER = http://127.0.0.1:PORT (the harness default)
      });
      after(async () => s?.stop());

      test("the mailed link is on 127.0.0.1, and the check-email redirect a path", async () => {
        const email = `loopback-${Date.now()}@example.test`;
        const res = await requestLink(s.url, email);
        assertStaysOnOrigin(res, s.url, /^\/api\/auth\/verify-request\?/);
        const link = await mailedLink(smtp, email);
        assert.ok(link.startsWith(`${s.url}/api/auth/callback/nodemailer?`), `mailed on the configured origin: ${link}`);
        const page = await raw(new URL(String(res.headers.location), s.url).href);
        assertStaysOnOrigin(page, s.url, /^\/signin\/check-email\?/);
      });

      test("a link used twice: signed in the first time, sent to the error page on 127.0.0.1 the second", async () => {
        const email = `reuse-${Date.now()}@example.test`;
        await requestLink(s.url, email);
        const link = await mailedLink(smtp, email);
        const first = await raw(link);
        assertStaysOnOrigin(first, s.url, /^\/apps$/);
        assert.match(cookiesOf(first), /authjs\.session-token=/);
        const again = await raw(link);
        assertStaysOnOrigin(again, s.url, /^\/signin\/error\?error=Verification$/);
        assert.doesNotMatch(cookiesOf(again), /authjs\.session-token=[^;]/, "no session from a used link");
        // The error page itself answers there.
        const page = await raw(new URL(String(again.headers.location), s.url).href);
        assert.equal(page.status, 200);
        assert.match(page.text, /This sign-in link has expired or was already used/);
      });

      test("a forged Host never becomes a redirect target", async () => {
        const email = `forged-${Date.now()}@example.test`;
        const forged = { host: "evil.example", "x-forwarded-host": "evil.example" };
        await requestLink(s.url, email, forged);
        const link = await mailedLink(smtp, email);
        assert.ok(link.startsWith(`${s.url}/`), link);
        await raw(link);
        const again = await raw(link, { headers: forged });
        assert.equal(again.status, 302);
        assert.doesNotMatch(String(again.headers.location), /evil\.example/);
        assert.match(String(again.headers.location), /^\/signin\/error\?error=Verification$/);
      });
    });

    describe("configured as http://localhost:PORT, opened on http://127.0.0.1:PORT", () => {
      let s: KeyportServer;
      let configured: string;
      before(async () => {
        const port = await freePort();
        configured = `http://localhost:${port}`;
        s = await startKeyport(d, { PORT: String(port), KEYPORT_ISSUER: configured });
      });
      after(async () => s?.stop());

      test("links are mailed on the configured origin; a reused one opened on 127.0.0.1 stays on 127.0.0.1", async () => {
        const email = `default-${Date.now()}@example.test`;
        await requestLink(s.url, email);
        const link = await mailedLink(smtp, email);
        assert.ok(link.startsWith(`${configured}/api/auth/callback/nodemailer?`), link);
        const onLoopbackIp = link.replace(configured, s.url); // s.url is http://127.0.0.1:PORT
        assertStaysOnOrigin(await raw(onLoopbackIp), s.url, /^\/apps$/);
        assertStaysOnOrigin(await raw(onLoopbackIp), s.url, /^\/signin\/error\?error=Verification$/);
      });
    });
  });
}

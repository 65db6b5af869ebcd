// One public origin (issue #8 item 1) and the development outbox (item 8), attacked the way the
// issue measured it: a forged Host / X-Forwarded-Host must not reach a token's `iss`, the metadata
// documents or a mailed sign-in link; production mode refuses to start without KEYPORT_ISSUER or a
// mail server; the outbox answers this machine only, not requests through a same-host proxy.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  createApp,
  createDeployment,
  ensureBuild,
  freePort,
  selectedBackends,
  spawnRawServer,
  startKeyport,
  type CreatedApp,
  type Deployment,
  type KeyportServer,
} from "../support/keyport";
import { basicAuth, decodeJwtPayload } from "../support/oauth";
import { startSmtp, type SmtpCapture } from "../support/smtp";
import { raw, cookiesOf, type RawResult } from "../support/raw-http";

const FORGED = { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", forwarded: "host=evil.example;proto=https" };




/** Request a sign-in link straight from Auth.js (GET csrf, POST signin/nodemailer) with `headers`. */
async function requestSignInLink(base: string, email: string, headers: Record<string, string>): Promise<RawResult> {
  const csrf = await raw(`${base}/api/auth/csrf`, { headers });
  assert.equal(csrf.status, 200, csrf.text);
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  return raw(`${base}/api/auth/signin/nodemailer`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf) },
    body: new URLSearchParams({ email, csrfToken, callbackUrl: "/apps" }).toString(),
  });
}

for (const backend of selectedBackends()) {
  describe(`one public origin (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let smtp: SmtpCapture;
    let app: CreatedApp;
    // A real host name as the configured origin (Next rewrites loopback IPs to "localhost" in
    // request URLs, which would blur what this test checks). It resolves to the server in real
    // life; here the test connects to 127.0.0.1 and sends it as Host.
    let origin: string;
    const onServer = (url: string) => url.replace(origin, s.url);

    before(async () => {
      ensureBuild();
      smtp = await startSmtp();
      const port = await freePort();
      origin = `http://keyport.test:${port}`;
      d = await createDeployment(backend, { SMTP_URL: smtp.url, KEYPORT_ISSUER: origin });
      s = await startKeyport(d, { PORT: String(port) });
      app = await createApp(d);
    });

    after(async () => {
      await d?.dispose();
      await smtp?.close();
    });

    test("a forged Host / X-Forwarded-Host does not change a token's iss", async () => {
      const res = await raw(`${s.url}/oauth/token`, {
        method: "POST",
        headers: { ...FORGED, authorization: basicAuth(app.client_id, app.client_secret), "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(decodeJwtPayload((JSON.parse(res.text) as { access_token: string }).access_token).iss, origin);
    });

    test("a forged Host does not change the metadata document", async () => {
      const res = await raw(`${s.url}/.well-known/oauth-authorization-server`, { headers: FORGED });
      assert.equal(res.status, 200);
      const meta = JSON.parse(res.text) as Record<string, string>;
      assert.equal(meta.issuer, origin);
      for (const k of ["token_endpoint", "jwks_uri", "introspection_endpoint", "revocation_endpoint", "service_documentation"]) {
        assert.ok(meta[k]!.startsWith(`${origin}/`), `${k} = ${meta[k]}`);
      }
    });

    test("a sign-in link requested with a forged Host is mailed on the configured origin and works there", async () => {
      const email = `victim-${Date.now()}@example.test`;
      const res = await requestSignInLink(s.url, email, FORGED);
      assert.equal(res.status, 302, res.text);
      // Auth.js redirects to its check-email page: as a path, so the browser stays where it is and
      // no header can choose the host (sign-in-origin.test.ts).
      assert.match(String(res.headers.location), /^\/api\/auth\/verify-request\?/, `redirect to ${res.headers.location}`);
      const [mail] = await smtp.waitFor(email, 1);
      const links = mail!.text.match(/https?:\/\/[^\s<>"']+/g) ?? [];
      assert.ok(links.length > 0, "the mail has a link");
      for (const l of links) assert.ok(l.startsWith(`${origin}/`), `link on the configured origin: ${l}`);
      assert.ok(!mail!.text.includes("evil.example") && !mail!.html.includes("evil.example"));
      // The link signs the victim in on the real server (and only there).
      const link = links.find((l) => l.includes("/api/auth/callback/nodemailer"))!;
      const callback = await raw(onServer(link), { headers: { host: new URL(origin).host } });
      assert.equal(callback.status, 302, callback.text);
      assert.match(cookiesOf(callback), /authjs\.session-token=/);
    });
  });
}

describe("start-up refusals and notices", () => {
  test("embedded without KEYPORT_ISSUER (the default): http://localhost:PORT whatever Host says, with a start-up notice", async () => {
    ensureBuild();
    const smtp = await startSmtp();
    const d = await createDeployment("embedded", { SMTP_URL: smtp.url });
    try {
      const port = await freePort();
      const expected = `http://localhost:${port}`;
      // An explicit empty KEYPORT_ISSUER overrides the harness's per-server default.
      const s = await startKeyport(d, { PORT: String(port), KEYPORT_ISSUER: "" });
      assert.match(s.logs(), /KEYPORT_ISSUER is not set, so Keyport's public URL is http:\/\/localhost:\d+/);
      const meta = await raw(`${s.url}/.well-known/oauth-authorization-server`, { headers: FORGED });
      assert.equal((JSON.parse(meta.text) as { issuer: string }).issuer, expected);
      const app = await createApp(d);
      const token = await raw(`${s.url}/oauth/token`, {
        method: "POST",
        headers: { ...FORGED, authorization: basicAuth(app.client_id, app.client_secret), "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      });
      assert.equal(decodeJwtPayload((JSON.parse(token.text) as { access_token: string }).access_token).iss, expected);
      // The account-takeover path the issue measured: the victim's mailed link must not point at the attacker.
      const email = `victim-${Date.now()}@example.test`;
      assert.equal((await requestSignInLink(s.url, email, FORGED)).status, 302);
      const [mail] = await smtp.waitFor(email, 1);
      const links = mail!.text.match(/https?:\/\/[^\s<>"']+/g) ?? [];
      assert.ok(links.some((l) => l.startsWith(`${expected}/api/auth/callback/nodemailer?`)), links.join(" "));
      assert.ok(!mail!.text.includes("evil.example") && !mail!.html.includes("evil.example"));
    } finally {
      await d.dispose();
      await smtp.close();
    }
  });

  if (selectedBackends().includes("postgres")) {
    const refuses = async (env: Record<string, string>, message: RegExp) => {
      const d = await createDeployment("postgres");
      try {
        const port = await freePort();
        const { exited, logs } = spawnRawServer(d, port, env);
        const result = await exited;
        assert.equal(result.code, 1, logs());
        assert.match(logs(), message);
        assert.doesNotMatch(logs(), /\n\s+at /, "a clear message, not a stack trace");
      } finally {
        await d.dispose();
      }
    };

    test("PostgreSQL without KEYPORT_ISSUER refuses to start with a clear message", async () => {
      await refuses({ KEYPORT_ISSUER: "" }, /Keyport cannot start: Invalid Keyport configuration:\s+KEYPORT_ISSUER: required when DATABASE_URL is set/);
    });

    test("PostgreSQL without SMTP_URL refuses to start unless KEYPORT_DEV_OUTBOX=1", async () => {
      await refuses({ KEYPORT_DEV_OUTBOX: "" }, /SMTP_URL: required when DATABASE_URL is set.*KEYPORT_DEV_OUTBOX=1/s);
      const d = await createDeployment("postgres"); // KEYPORT_DEV_OUTBOX=1 by default in the harness
      try {
        const s = await startKeyport(d);
        assert.match(s.logs(), /KEYPORT_DEV_OUTBOX=1 — mail, sign-in links included, stays in the development outbox/);
      } finally {
        await d.dispose();
      }
    });
  }
});

describe("the development outbox answers this machine only", () => {
  let d: Deployment;
  let s: KeyportServer;

  before(async () => {
    ensureBuild();
    d = await createDeployment("embedded"); // no SMTP_URL: the outbox exists
    s = await startKeyport(d);
  });
  after(async () => d?.dispose());

  test("a direct loopback request sees it", async () => {
    const res = await raw(`${s.url}/dev/outbox`);
    assert.equal(res.status, 200);
    assert.match(res.text, /No mail server is configured/);
  });

  test("a request through a same-host reverse proxy (forwarding headers) does not", async () => {
    const proxies: Array<Record<string, string>> = [{ "x-forwarded-for": "203.0.113.7" }, { "x-real-ip": "203.0.113.7" }, { forwarded: "for=203.0.113.7" }, { via: "1.1 nginx" }];
    for (const h of proxies) {
      const res = await raw(`${s.url}/dev/outbox`, { headers: h });
      assert.equal(res.status, 404, JSON.stringify(h));
      assert.doesNotMatch(res.text, /No mail server is configured/);
    }
  });

  test("a client cannot claim to be loopback with Keyport's own header", async () => {
    const res = await raw(`${s.url}/dev/outbox`, { headers: { "x-forwarded-for": "203.0.113.7", "x-keyport-loopback": "1" } });
    assert.equal(res.status, 404);
  });

  test("with KEYPORT_TRUST_PROXY set, a loopback socket is no longer this machine", async () => {
    await s.stop();
    const proxied = await startKeyport(d, { KEYPORT_TRUST_PROXY: "1" });
    const res = await raw(`${proxied.url}/dev/outbox`);
    assert.equal(res.status, 404);
  });
});

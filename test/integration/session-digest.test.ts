// Sessions (issue #8 item 9): a real magic-link sign-in through a real SMTP server, then
// /api/auth/session must expose no session token (nor the row's id / userId), the Session table
// must hold SHA-256 of the cookie value rather than the value, and sign-out must end the session.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createDeployment, ensureBuild, selectedBackends, startKeyport, type Deployment, type KeyportServer } from "../support/keyport";
import { startSmtp, type SmtpCapture } from "../support/smtp";
import { queryDatabase } from "../../lib/test-support/empty-test-database";
import { raw, type RawResult } from "../support/raw-http";



/** name → value of every Set-Cookie of `res` (an expired/cleared cookie has the value ""). */
function setCookies(res: RawResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of res.headers["set-cookie"] ?? []) {
    const [pair] = c.split(";");
    const i = pair!.indexOf("=");
    out.set(pair!.slice(0, i), pair!.slice(i + 1));
  }
  return out;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].filter(([, v]) => v !== "").map(([k, v]) => `${k}=${v}`).join("; ");
const sha256 = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest("hex");
const SESSION_COOKIE = "authjs.session-token";

for (const backend of selectedBackends()) {
  describe(`sessions are not exposed and stored as digests (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let smtp: SmtpCapture;
    const email = `session-${Date.now().toString(36)}@example.test`;
    const jar = new Map<string, string>();

    /** The Session rows of `email` (embedded: the server holds PGlite, so it is stopped meanwhile). */
    async function sessionRows(): Promise<Array<{ sessionToken: string }>> {
      const sql = `SELECT s."sessionToken" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`;
      if (d.database) return queryDatabase<{ sessionToken: string }>(d.database.url, sql, [email]);
      await s.stop();
      const { PGlite } = await import("@electric-sql/pglite");
      const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm"); // the data dir uses it
      const pg = await PGlite.create(path.join(d.dataDir, "pgdata"), { extensions: { pg_trgm } });
      try {
        return (await pg.query<{ sessionToken: string }>(sql, [email])).rows;
      } finally {
        await pg.close();
        s = await startKeyport(d, { PORT: String(s.port) });
      }
    }

    before(async () => {
      ensureBuild();
      smtp = await startSmtp();
      d = await createDeployment(backend, { SMTP_URL: smtp.url });
      s = await startKeyport(d);
    });
    after(async () => {
      await d?.dispose();
      await smtp?.close();
    });

    test("sign in with the emailed link: the cookie holds the token, the database only its SHA-256", async () => {
      const csrf = await raw(`${s.url}/api/auth/csrf`);
      assert.equal(csrf.status, 200, csrf.text);
      for (const [k, v] of setCookies(csrf)) jar.set(k, v);
      const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
      const requested = await raw(`${s.url}/api/auth/signin/nodemailer`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
        body: new URLSearchParams({ email, csrfToken, callbackUrl: "/apps" }).toString(),
      });
      assert.equal(requested.status, 302, requested.text);
      const [mail] = await smtp.waitFor(email, 1);
      const link = (mail!.text.match(/https?:\/\/[^\s<>"']+/g) ?? []).find((l) => l.includes("/api/auth/callback/nodemailer"));
      assert.ok(link, "the mail has a sign-in link");
      const callback = await raw(link, { headers: { cookie: cookieHeader(jar) } });
      assert.equal(callback.status, 302, callback.text);
      for (const [k, v] of setCookies(callback)) jar.set(k, v);
      const token = jar.get(SESSION_COOKIE);
      assert.ok(token, `session cookie set: ${callback.headers["set-cookie"]}`);
      assert.ok(Buffer.from(token, "base64url").length >= 32, "256-bit session token");

      const rows = await sessionRows();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.sessionToken, sha256(token), "the row holds SHA-256(cookie value)");
      assert.notEqual(rows[0]!.sessionToken, token);
    });

    test("GET /api/auth/session: user and expiry only, no token, row id or user id field", async () => {
      const res = await raw(`${s.url}/api/auth/session`, { headers: { cookie: cookieHeader(jar) } });
      assert.equal(res.status, 200, res.text);
      const body = JSON.parse(res.text) as { user: Record<string, unknown>; expires: string };
      assert.deepEqual(Object.keys(body).sort(), ["expires", "user"]);
      assert.deepEqual(Object.keys(body.user).sort(), ["email", "id", "name"]);
      assert.equal(body.user.email, email);
      assert.ok(!Number.isNaN(Date.parse(body.expires)));
      assert.ok(!res.text.includes(jar.get(SESSION_COOKIE)!), "the session token is not in the body");
      assert.ok(!res.text.includes(sha256(jar.get(SESSION_COOKIE)!)), "nor its digest");
      assert.doesNotMatch(res.text, /sessionToken|userId/);
      // The digest itself is not a credential: presented as the cookie, it is no session.
      const withDigest = await raw(`${s.url}/api/auth/session`, { headers: { cookie: `${SESSION_COOKIE}=${sha256(jar.get(SESSION_COOKIE)!)}` } });
      assert.equal(withDigest.text, "null");
      // The signed-in portal works with the cookie.
      const apps = await raw(`${s.url}/apps`, { headers: { cookie: cookieHeader(jar) } });
      assert.equal(apps.status, 200);
    });

    test("sign-out ends the session and deletes its row", async () => {
      const csrf = await raw(`${s.url}/api/auth/csrf`, { headers: { cookie: cookieHeader(jar) } });
      for (const [k, v] of setCookies(csrf)) jar.set(k, v);
      const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
      const token = jar.get(SESSION_COOKIE)!;
      const out = await raw(`${s.url}/api/auth/signout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/" }).toString(),
      });
      assert.equal(out.status, 302, out.text);
      assert.equal(setCookies(out).get(SESSION_COOKIE), "", "the session cookie is cleared");
      // The old cookie no longer names a session.
      const res = await raw(`${s.url}/api/auth/session`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
      assert.equal(res.text, "null");
      assert.deepEqual(await sessionRows(), []);
    });
  });
}

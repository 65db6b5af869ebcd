// Secret lifetimes, expiry reminders and `keyport apps update`, on each backend, with a real SMTP
// server receiving the mail:
// - KEYPORT_SECRET_TTL gives every new secret a lifetime; an app's own policy overrides it.
// - `apps update`: each flag, and bad values exit 2 (usage) or 1 (refused) with a clear message;
//   a new token lifetime applies to the next token.
// - Reminders with an injectable clock walk 7d → 1d → 1h, each mailed once; none for revoked secrets.
// - Running servers (KEYPORT_REMINDER_INTERVAL=1) mail each due reminder exactly once: two
//   instances on one PostgreSQL, and across restarts (embedded: one instance, restarted).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseConfig, type KeyportConfig } from "../../lib/config/env";
import { openDatabase, type Database } from "../../lib/db/database";
import { acquireDataDirLock } from "../../lib/db/data-dir-lock";
import { Mailer } from "../../lib/mail/mailer";
import { sendDueSecretReminders } from "../../lib/secrets/secret-reminders";
import { revokeClientSecret } from "../../lib/secrets/revoke-client-secret";
import { cliActor } from "../../lib/audit/actor";
import { queryDatabase } from "../../lib/test-support/empty-test-database";
import { cliJson, createApp, createDeployment, ensureBuild, runCli, selectedBackends, startKeyport, type CreatedApp, type Deployment, type KeyportServer } from "../support/keyport";
import { startSmtp, type SmtpCapture } from "../support/smtp";
import { decodeJwtPayload, eventually, getToken } from "../support/oauth";

const H = 3600;
const D = 86_400;
const OWNER = "owner@example.test";

interface ShownSecret {
  id: string;
  hint: string;
  state: string;
  created_at: string;
  expires_at: string | null;
}

async function secretsOf(d: Deployment, id: string): Promise<ShownSecret[]> {
  return (await cliJson<{ secrets: ShownSecret[] }>(d, ["apps", "show", id])).secrets;
}

/** Lifetime in seconds of a shown secret (null: it does not expire). */
function lifetime(s: ShownSecret): number | null {
  return s.expires_at === null ? null : (Date.parse(s.expires_at) - Date.parse(s.created_at)) / 1000;
}

/**
 * Open the deployment's database in this process (embedded: only while no server holds the data
 * directory) — to arrange state the way time would, and to run a reminder pass at a chosen `now`.
 */
async function withDatabase<T>(d: Deployment, fn: (db: Database, config: KeyportConfig) => Promise<T>): Promise<T> {
  const config = parseConfig({ KEYPORT_ISSUER: "http://127.0.0.1:3000", ...d.env, KEYPORT_LOG_LEVEL: "warn" } as unknown as NodeJS.ProcessEnv);
  const release = config.embedded ? acquireDataDirLock(config.dataDir) : () => {};
  const db = await openDatabase(config);
  try {
    return await fn(db, config);
  } finally {
    await db.close();
    release();
  }
}

/** Make a secret expire `seconds` from now (as if time had passed since it was issued 60 days ago). */
async function expireIn(d: Deployment, secretId: string, seconds: number): Promise<void> {
  const sql = `UPDATE "ClientSecret" SET "createdAt" = (now() AT TIME ZONE 'UTC') - interval '60 days', "expiresAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => $2::int) WHERE id = $1`;
  if (d.database) await queryDatabase(d.database.url, sql, [secretId, seconds]);
  else await withDatabase(d, (db) => db.query(sql, [secretId, seconds]));
}

for (const backend of selectedBackends()) {
  describe(`secret lifetimes, reminders and apps update (${backend})`, () => {
    let smtp: SmtpCapture;
    let d: Deployment;

    before(async () => {
      ensureBuild();
      smtp = await startSmtp();
      d = await createDeployment(backend, { SMTP_URL: smtp.url, KEYPORT_SECRET_TTL: "90d", KEYPORT_REMINDER_INTERVAL: "1" });
    });
    after(async () => {
      await d?.dispose();
      await smtp?.close();
    });

    // ---------------------------------------------------------------- without a server

    test("KEYPORT_SECRET_TTL sets every new secret's lifetime; the app's policy overrides it", async () => {
      const app = await createApp(d);
      const created = await secretsOf(d, app.id);
      assert.equal(created.length, 1);
      assert.equal(lifetime(created[0]!), 90 * D, "registration: the deployment default");
      assert.equal((app as CreatedApp & { secret_expires_at: string }).secret_expires_at, created[0]!.expires_at, "apps create prints the expiry");

      const rotate = async () => {
        const r = await cliJson<{ expires_at: string | null; secret_hint: string }>(d, ["apps", "rotate-secret", app.id, "--grace", "0"]);
        const s = (await secretsOf(d, app.id)).find((x) => x.hint === r.secret_hint)!;
        assert.equal(s.expires_at, r.expires_at);
        return lifetime(s);
      };
      assert.equal(await rotate(), 90 * D, "rotation: the deployment default");
      assert.equal((await cliJson(d, ["apps", "update", app.id, "--secret-ttl", "72h"])).secret_ttl, 72 * H);
      assert.equal(await rotate(), 72 * H, "the app's own policy");
      assert.equal((await cliJson(d, ["apps", "update", app.id, "--secret-ttl", "none"])).secret_ttl, 0);
      assert.equal(await rotate(), null, "none: never expires, whatever the default");
      assert.equal((await cliJson(d, ["apps", "update", app.id, "--secret-ttl", "default"])).secret_ttl, null);
      assert.equal(await rotate(), 90 * D, "back to the deployment default");
    });

    test("apps update: each flag, audited; bad values exit 2 or 1 with a clear message", async () => {
      const app = await createApp(d);
      await withDatabase(d, (db) => db.prisma.audience.create({ data: { identifier: "https://billing.example.test", name: "Billing" } }));

      const scopes = await cliJson(d, ["apps", "update", app.client_id, "--scopes", "application.client domain.manage"]);
      assert.deepEqual(scopes.scopes, ["application.client", "domain.manage"]);
      assert.deepEqual(scopes.changed, ["scopes"]);
      const audiences = await cliJson(d, ["apps", "update", app.id, "--audiences", "https://billing.example.test,urn:keyport:api"]);
      assert.deepEqual(audiences.audiences, ["https://billing.example.test", "urn:keyport:api"]);
      assert.equal((await cliJson(d, ["apps", "update", app.id, "--token-ttl", "900"])).token_lifetime, 900);
      assert.deepEqual((await cliJson(d, ["apps", "update", app.id, "--token-ttl", "15m"])).changed, [], "15m is 900 s: unchanged");
      assert.equal((await cliJson(d, ["apps", "update", app.id, "--refresh-tokens", "on"])).refresh_tokens, true);
      assert.equal((await cliJson(d, ["apps", "update", app.id, "--refresh-token-ttl", "7d"])).refresh_token_lifetime, 7 * D);
      assert.equal((await cliJson(d, ["apps", "update", app.id, "--refresh-tokens", "off"])).refresh_tokens, false);
      assert.equal((await cliJson(d, ["apps", "update", app.id, "--secret-ttl", "30d"])).secret_ttl, 30 * D);
      const same = await cliJson(d, ["apps", "update", app.id, "--token-ttl", "900"]);
      assert.deepEqual(same.changed, [], "a no-op changes nothing");

      const text = await runCli(d, ["apps", "update", app.id, "--token-ttl", "600"]);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /tokenLifetime: 900 \(15m\) → 600 \(10m\)/);

      const events = await withDatabase(d, (db) =>
        db.prisma.auditEvent.findMany({ where: { applicationId: app.id, action: { startsWith: "app." }, NOT: { action: "app.create" } }, orderBy: { id: "asc" }, select: { action: true, actorType: true } }),
      );
      assert.deepEqual(
        events.map((e) => e.action),
        ["app.scopes", "app.audiences", "app.token_lifetime", "app.refresh_tokens", "app.refresh_token_lifetime", "app.refresh_tokens", "app.secret_policy", "app.token_lifetime"],
      );
      assert.ok(events.every((e) => e.actorType === "cli"));

      const refused: Array<[string[], number, RegExp]> = [
        [[], 2, /nothing to change/],
        [["--token-ttl", "abc"], 2, /--token-ttl: cannot read "abc"/],
        [["--token-ttl", "59"], 1, /tokenLifetime: At least 60 seconds/],
        [["--token-ttl", "86401"], 1, /tokenLifetime: At most 24 hours/],
        [["--refresh-tokens", "maybe"], 2, /--refresh-tokens must be on or off/],
        [["--refresh-token-ttl", "1m"], 1, /refreshTokenLifetime: At least 5 minutes/],
        [["--secret-ttl", "1w"], 2, /--secret-ttl: cannot read "1w"/],
        [["--secret-ttl", "30m"], 1, /secretTtlSeconds: At least 1 hour/],
        [["--scopes", "application.client no.such.scope"], 1, /Unknown or retired scope: no\.such\.scope/],
        [["--audiences", "https://nowhere.example.test"], 1, /Unknown or retired audience: https:\/\/nowhere\.example\.test/],
      ];
      for (const [flags, code, message] of refused) {
        const r = await runCli(d, ["apps", "update", app.id, ...flags]);
        assert.equal(r.code, code, `${flags.join(" ")}: ${r.stderr}`);
        assert.match(r.stderr, message, flags.join(" "));
        assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
      }
      const unknown = await runCli(d, ["apps", "update", "kp_nope", "--token-ttl", "600", "--json"]);
      assert.equal(unknown.code, 1);
      assert.deepEqual(unknown.json(), { error: "not_found", message: "Application not found" });
      const missing = await runCli(d, ["apps", "update", "--token-ttl", "600"]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /ID is required/);
      // Nothing above changed the app.
      assert.equal((await cliJson(d, ["apps", "show", app.id])).token_lifetime, 600);
    });

    test("reminders walk 7d → 1d → 1h with an injectable clock: each mailed once; none for revoked secrets", async () => {
      const app = await createApp(d, { name: "Walk the clock" });
      const revoked = await createApp(d, { name: "Revoked one" });
      const [walk] = await secretsOf(d, app.id);
      const [gone] = await secretsOf(d, revoked.id);
      assert.ok(walk && gone);
      await withDatabase(d, (db) => revokeClientSecret(db.prisma, { id: revoked.id }, gone!.id, cliActor()));
      const expiresAt = new Date(walk!.expires_at!);

      await withDatabase(d, async (db, config) => {
        const mailer = new Mailer({ prisma: db.prisma, secret: config.secret, smtpUrl: smtp.url, from: config.MAIL_FROM });
        const deps = { db, mailer, offsets: config.KEYPORT_SECRET_REMINDERS, baseUrl: "https://keyport.example.test" };
        assert.deepEqual(config.KEYPORT_SECRET_REMINDERS, [7 * D, D, H], "the default offsets");
        try {
          for (const before of [8 * D, 7 * D, 7 * D - 60, 2 * D, D, D - 30, 3 * H, H, 60]) {
            const at = new Date(expiresAt.getTime() - before * 1000);
            // Two passes at each moment, as two instances would run them: the second adds nothing.
            await Promise.all([sendDueSecretReminders(deps, at), sendDueSecretReminders(deps, at)]);
          }
        } finally {
          mailer.close();
        }
      });
      const mails = await smtp.waitFor(OWNER, 3, 20_000, /^Client secret of Walk the clock/);
      assert.deepEqual(mails.map((m) => m.subject), [
        "Client secret of Walk the clock expires in 7 days",
        "Client secret of Walk the clock expires in 1 day",
        "Client secret of Walk the clock expires in 1 hour",
      ]);
      for (const m of mails) {
        assert.match(m.text, new RegExp(`…${walk!.hint}`), "names the secret by its hint");
        assert.match(m.text, new RegExp(expiresAt.toISOString().slice(0, 16).replace("T", " ")), "says when it expires");
        assert.match(m.text, new RegExp(`https://keyport\\.example\\.test/apps/${app.id}`), "links to the app page to rotate");
        assert.ok(!m.text.includes("kps_"), "no secret in the mail");
      }
      assert.equal(smtp.to(OWNER, /^Client secret of Revoked one/).length, 0, "no reminder for revoked secrets");
    });

    // ---------------------------------------------------------------- running servers

    test(backend === "postgres" ? "two instances on one PostgreSQL mail each due reminder once, also after a restart" : "a running server mails each due reminder once, also after a restart", async () => {
      const first = await createApp(d, { name: "Due soon" });
      const second = await createApp(d, { name: "Barrier one" });
      const third = await createApp(d, { name: "Barrier two" });
      const [a] = await secretsOf(d, first.id);
      const [b] = await secretsOf(d, second.id);
      const [c] = await secretsOf(d, third.id);
      const count = (name: string) => smtp.to(OWNER, new RegExp(`^Client secret of ${name} expires`)).length;

      // Found 30 minutes before expiry: the 1-hour reminder goes (7d and 1d are recorded as skipped).
      let servers: KeyportServer[];
      if (backend === "postgres") {
        servers = [await startKeyport(d), await startKeyport(d)];
        await expireIn(d, a!.id, 30 * 60);
      } else {
        await expireIn(d, a!.id, 30 * 60);
        servers = [await startKeyport(d)];
      }
      await smtp.waitFor(OWNER, 1, 20_000, /^Client secret of Due soon expires in 30 minutes/);
      // A later reminder becoming due and arriving proves further passes ran meanwhile.
      if (backend === "postgres") await expireIn(d, b!.id, 30 * 60);
      else {
        for (const s of servers) await s.stop();
        await expireIn(d, b!.id, 30 * 60);
        servers = [await startKeyport(d)];
      }
      await smtp.waitFor(OWNER, 1, 20_000, /^Client secret of Barrier one/);
      assert.equal(count("Due soon"), 1, "exactly one mail for the due reminder");

      // Restart: the claims are in the database, nothing is sent again.
      for (const s of servers) await s.stop();
      await expireIn(d, c!.id, 30 * 60);
      servers = backend === "postgres" ? [await startKeyport(d), await startKeyport(d)] : [await startKeyport(d)];
      await smtp.waitFor(OWNER, 1, 20_000, /^Client secret of Barrier two/);
      assert.equal(count("Due soon"), 1);
      assert.equal(count("Barrier one"), 1);
      assert.equal(count("Barrier two"), 1);
    });

    test("a new token lifetime applies to the next token", async () => {
      const s = [...d.servers][0]!;
      const app: CreatedApp = await createApp(d);
      const before = await getToken(s.url, app.client_id, app.client_secret);
      assert.equal(before.expires_in, 3600);
      const r = await cliJson(d, ["apps", "update", app.id, "--token-ttl", "120"]);
      assert.equal(r.token_lifetime, 120);
      // The cache trigger drops the client on every instance (asynchronous: "within a second").
      for (const server of d.servers) {
        let claims: { iat: number; exp: number; expires_in: number } | undefined;
        const fresh = await eventually(async () => {
          const t = await getToken(server.url, app.client_id, app.client_secret);
          claims = { ...(decodeJwtPayload(t.access_token) as { iat: number; exp: number }), expires_in: t.expires_in };
          return t.expires_in === 120;
        }, 5000);
        assert.ok(fresh, `the next token from ${server.url} lives 120 s`);
        assert.equal(claims!.exp - claims!.iat, 120, `exp − iat on ${server.url}`);
      }
    });
  });
}

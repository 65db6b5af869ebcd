// PostgreSQL only (TEST_DATABASE_URL): two Keyport instances on one database, and states the CLI
// cannot produce (pending apps, expired secrets, short-lived tokens, client ids that need
// form-urlencoding) arranged directly in SQL. Cache invalidation across instances must be prompt.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  cliJson,
  createApp,
  createDeployment,
  ensureBuild,
  freePort,
  runCli,
  selectedBackends,
  spawnRawServer,
  startKeyport,
  type CreatedApp,
  type Deployment,
  type KeyportServer,
} from "../support/keyport";
import { assertOAuthError, basicAuth, decodeJwtPayload, eventually, getToken, postForm, sleep, verifyAccessToken } from "../support/oauth";
import { queryDatabase } from "../../lib/test-support/empty-test-database";

const DEFAULT_AUDIENCE = "urn:keyport:api";
const INVALIDATION_MS = 2500;

if (selectedBackends().includes("postgres")) {
  describe("two instances on one PostgreSQL database", () => {
    let d: Deployment;
    let a: KeyportServer;
    let b: KeyportServer;
    let watcher: CreatedApp;
    const sql = (text: string, params: unknown[] = []) => queryDatabase(d.database!.url, text, params);
    const token = (s: KeyportServer, id: string, secret: string) =>
      postForm(`${s.url}/oauth/token`, { grant_type: "client_credentials" }, { Authorization: basicAuth(id, secret) });
    const introspect = (s: KeyportServer, t: string) =>
      postForm(`${s.url}/oauth/introspect`, { token: t }, { Authorization: basicAuth(watcher.client_id, watcher.client_secret) });

    before(async () => {
      ensureBuild();
      d = await createDeployment("postgres");
      // Two instances of one deployment (as behind a load balancer: one issuer), started together:
      // migrations run under an advisory lock, so neither fails.
      const [pa, pb] = [await freePort(), await freePort()];
      [a, b] = await Promise.all([
        startKeyport(d, { PORT: String(pa), KEYPORT_ISSUER: `http://127.0.0.1:${pa}` }),
        startKeyport(d, { PORT: String(pb), KEYPORT_ISSUER: `http://127.0.0.1:${pa}` }),
      ]);
      watcher = await createApp(d);
      // Only the token's own client or a registered resource server may introspect (RFC 7662 §2.1).
      await cliJson(d, ["audiences", "introspectors", "add", DEFAULT_AUDIENCE, watcher.client_id]);
    });
    after(async () => {
      await d?.dispose();
    });

    test("migrations were applied once and recorded in _prisma_migrations", async () => {
      const rows = await sql(`SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`);
      const names = rows.map((r) => r.migration_name as string);
      assert.equal(new Set(names).size, names.length, `duplicate migrations: ${names.join(", ")}`);
      assert.ok(names.length >= 2);
      for (const r of rows) assert.ok(r.finished_at, `${r.migration_name} not finished`);
      const scopes = await sql(`SELECT name, "requiresApproval" FROM "Scope" ORDER BY name`);
      assert.deepEqual(scopes.map((r) => [r.name, r.requiresApproval]), [
        ["application.client", false],
        ["domain.manage", true],
        // The automation API's scopes (migration 20261201102711): keyport:admin needs an approval.
        ["keyport:admin", true],
        ["keyport:apps:read", false],
        ["keyport:apps:write", false],
        ["keyport:teams:write", false],
      ]);
    });

    test("KEYPORT_ISSUER sets iss and the metadata issuer; a foreign issuer's token is inactive", async () => {
      const other = "https://other-issuer.example.test";
      const c = await startKeyport(d, { KEYPORT_ISSUER: other });
      try {
        const meta = (await (await fetch(`${c.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
        assert.equal(meta.issuer, other);
        assert.equal(meta.token_endpoint, `${other}/oauth/token`);
        const fromC = await getToken(c.url, watcher.client_id, watcher.client_secret);
        assert.equal(decodeJwtPayload(fromC.access_token).iss, other);
        // Same keys, same database, another issuer: not ours.
        assert.deepEqual((await introspect(a, fromC.access_token)).body, { active: false });
        const fromB = await getToken(b.url, watcher.client_id, watcher.client_secret);
        assert.equal(decodeJwtPayload(fromB.access_token).iss, a.url);
        assert.equal((await introspect(a, fromB.access_token)).body!.active, true);
      } finally {
        await c.stop();
      }
    });

    test("disable via the CLI reaches both instances within the invalidation window", async () => {
      const app = await createApp(d);
      assert.equal((await token(a, app.client_id, app.client_secret)).status, 200);
      assert.equal((await token(b, app.client_id, app.client_secret)).status, 200); // cached on both now
      const off = await runCli(d, ["apps", "disable", app.client_id]);
      assert.equal(off.code, 0, off.stderr);
      for (const s of [a, b]) {
        const refused = await eventually(async () => (await token(s, app.client_id, app.client_secret)).status === 401, INVALIDATION_MS);
        assert.ok(refused, `instance ${s.url} still issues tokens to a disabled app`);
      }
      await runCli(d, ["apps", "enable", app.client_id]);
      for (const s of [a, b]) {
        assert.ok(await eventually(async () => (await token(s, app.client_id, app.client_secret)).status === 200, INVALIDATION_MS));
      }
    });

    test("revocation on one instance is seen by the other", async () => {
      const t = await getToken(a.url, watcher.client_id, watcher.client_secret);
      assert.equal((await introspect(a, t.access_token)).body!.active, true);
      const res = await postForm(`${b.url}/oauth/revoke`, { token: t.access_token }, { Authorization: basicAuth(watcher.client_id, watcher.client_secret) });
      assert.equal(res.status, 200);
      assert.ok(await eventually(async () => (await introspect(a, t.access_token)).body!.active === false, INVALIDATION_MS));
    });

    test("rotation with --grace 0 stops the old secret on both instances", async () => {
      const app = await createApp(d);
      for (const s of [a, b]) assert.equal((await token(s, app.client_id, app.client_secret)).status, 200);
      const r = await runCli(d, ["apps", "rotate-secret", app.client_id, "--grace", "0", "--json"]);
      assert.equal(r.code, 0, r.stderr);
      const fresh = r.json<{ client_secret: string }>().client_secret;
      for (const s of [a, b]) {
        assert.ok(await eventually(async () => (await token(s, app.client_id, app.client_secret)).status === 401, INVALIDATION_MS));
        assert.equal((await token(s, app.client_id, fresh)).status, 200);
      }
    });

    test("a pending app gets invalid_client", async () => {
      const app = await createApp(d);
      await sql(`UPDATE "Application" SET status = 'pending' WHERE "clientId" = $1`, [app.client_id]);
      assert.ok(await eventually(async () => (await token(a, app.client_id, app.client_secret)).status === 401, INVALIDATION_MS));
      assertOAuthError(await token(a, app.client_id, app.client_secret), 401, "invalid_client");
    });

    test("an expired secret and a revoked secret get invalid_client", async () => {
      const expired = await createApp(d);
      await sql(`UPDATE "ClientSecret" SET "expiresAt" = now() - interval '1 second' WHERE "applicationId" = $1`, [expired.id]);
      const revoked = await createApp(d);
      await sql(`UPDATE "ClientSecret" SET "revokedAt" = now() WHERE "applicationId" = $1`, [revoked.id]);
      for (const app of [expired, revoked]) {
        assert.ok(await eventually(async () => (await token(a, app.client_id, app.client_secret)).status === 401, INVALIDATION_MS), app.client_id);
        assertOAuthError(await token(a, app.client_id, app.client_secret), 401, "invalid_client");
      }
    });

    test("an expired token is inactive and fails verification", async () => {
      const app = await createApp(d);
      await sql(`UPDATE "Application" SET "tokenLifetime" = 1 WHERE "clientId" = $1`, [app.client_id]);
      let t = await getToken(a.url, app.client_id, app.client_secret);
      assert.ok(await eventually(async () => {
        t = await getToken(a.url, app.client_id, app.client_secret);
        return t.expires_in === 1;
      }, INVALIDATION_MS), "tokenLifetime change not picked up");
      await sleep(3000);
      assert.deepEqual((await introspect(a, t.access_token)).body, { active: false });
      await assert.rejects(verifyAccessToken(a.url, t.access_token, { issuer: a.url, audience: DEFAULT_AUDIENCE }), /exp/);
    });

    test("Basic auth form-urldecodes a client id with reserved characters (RFC 6749 §2.3.1)", async () => {
      const app = await createApp(d);
      const weird = `app:one+two two/%é&=${app.client_id.slice(-6)}`;
      await sql(`UPDATE "Application" SET "clientId" = $1 WHERE id = $2`, [weird, app.id]);
      assert.ok(await eventually(async () => (await token(a, weird, app.client_secret)).status === 200, INVALIDATION_MS), "encoded id refused");
      const t = await getToken(a.url, weird, app.client_secret);
      assert.equal(decodeJwtPayload(t.access_token).client_id, weird);
      // Without the encoding, the ':' in the id splits it wrongly: authentication must fail.
      const raw = await postForm(`${a.url}/oauth/token`, { grant_type: "client_credentials" }, {
        Authorization: "Basic " + Buffer.from(`${weird}:${app.client_secret}`).toString("base64"),
      });
      assert.equal(raw.status, 401, raw.text);
      // client_secret_post carries it in the form body, encoded by the form itself.
      const post = await postForm(`${a.url}/oauth/token`, { grant_type: "client_credentials", client_id: weird, client_secret: app.client_secret });
      assert.equal(post.status, 200, post.text);
    });

    test("an app created with a catalog audience gets it as its default aud", async () => {
      const aud = "https://api.example.test/";
      await sql(`INSERT INTO "Audience" (identifier, name, "updatedAt") VALUES ($1, 'Example API', now())`, [aud]);
      const app = await createApp(d, { audience: aud });
      assert.equal(app.audiences[0], aud, JSON.stringify(app));
      const t = await getToken(a.url, app.client_id, app.client_secret);
      const { payload } = await verifyAccessToken(a.url, t.access_token, { issuer: a.url, audience: aud });
      assert.deepEqual(Array.isArray(payload.aud) ? payload.aud : [payload.aud], [aud]);
      // The default audience is not granted to it unless listed.
      const other = await postForm(`${a.url}/oauth/token`, { grant_type: "client_credentials", resource: DEFAULT_AUDIENCE }, { Authorization: basicAuth(app.client_id, app.client_secret) });
      if (!app.audiences.includes(DEFAULT_AUDIENCE)) assertOAuthError(other, 400, "invalid_target");
    });

    test("the CLI works on PostgreSQL while both servers run; changes are audited", async () => {
      const app = await createApp(d);
      await runCli(d, ["apps", "disable", app.id]);
      await runCli(d, ["apps", "enable", app.id]);
      await runCli(d, ["apps", "rotate-secret", app.id, "--grace", "1h"]);
      const rows = await sql(`SELECT action FROM "AuditEvent" WHERE "applicationId" = $1 OR "targetId" = $1 ORDER BY id`, [app.id]);
      assert.ok(rows.length >= 4, `audit events: ${rows.map((r) => r.action).join(", ")}`);
      await assert.rejects(sql(`DELETE FROM "AuditEvent"`), /append-only/);
    });

    test("secret digests only, no plaintext secrets or private keys at rest", async () => {
      const app = await createApp(d);
      const dump = JSON.stringify(await sql(`SELECT * FROM "ClientSecret"`)) + JSON.stringify(await sql(`SELECT * FROM "Application"`));
      assert.ok(!dump.includes(app.client_secret), "plaintext secret stored");
      const keys = await sql(`SELECT "privateKey" FROM "SigningKey"`);
      for (const k of keys) assert.doesNotMatch(String(k.privateKey), /BEGIN|"d"\s*:/, "private key stored unencrypted");
    });
  });

  describe("a failed migration", () => {
    let d: Deployment;
    before(async () => {
      ensureBuild();
      d = await createDeployment("postgres");
    });
    after(async () => {
      await d?.dispose();
    });

    test("stops start-up with a clear message and is recorded as rolled back", async () => {
      // Something already owns a name the first migration creates.
      await queryDatabase(d.database!.url, `CREATE TYPE "AppStatus" AS ENUM ('squatter')`);
      const bad = spawnRawServer(d, await freePort());
      const timer = setTimeout(() => bad.child.kill("SIGKILL"), 60_000);
      const exit = await bad.exited;
      clearTimeout(timer);
      assert.ok(exit.code !== 0 && exit.code !== null, `exit: ${JSON.stringify(exit)}\n${bad.logs()}`);
      assert.match(bad.logs(), /migration/i);
      assert.match(bad.logs(), /AppStatus|already exists/);
      assert.doesNotMatch(bad.logs(), /^\s+at .+:\d+:\d+\)?$/m, "no stack trace");
      const rows = await queryDatabase(d.database!.url, `SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`);
      for (const r of rows) assert.equal(r.finished_at, null, `${r.migration_name} marked finished`);
    });
  });
}

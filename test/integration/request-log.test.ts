// The owners' request log (issue #11 §4) on the production server: token requests of a known client
// are written in batches — checked after a clean shutdown, which flushes — with time, outcome,
// error, source address, authentication method, scope and profile; unknown clients and other
// endpoints leave nothing; a flood keeps a bounded sample; the purge removes rows past 7 days and
// trims an application to its cap.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createApp, createDeployment, ensureBuild, selectedBackends, startKeyport, type Deployment } from "../support/keyport";
import { assertOAuthError, basicAuth, getToken, postForm } from "../support/oauth";
import { queryDatabase } from "../../lib/test-support/empty-test-database";

const SAMPLE = 5;
const MAX_PER_APP = 20;
const FLUSH_WINDOW_MS = 5_000;

/** SQL on the deployment's database; for the embedded one, only while no server holds it. */
async function sql<T extends Record<string, unknown> = Record<string, unknown>>(d: Deployment, text: string, params: unknown[] = []): Promise<T[]> {
  if (d.database) return queryDatabase<T>(d.database.url, text, params);
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(path.join(d.dataDir, "pgdata"));
  try {
    return (await db.query<T>(text, params)).rows;
  } finally {
    await db.close();
  }
}

type LogRow = {
  applicationId: string;
  at: Date;
  outcome: string;
  error: string | null;
  ip: string | null;
  authMethod: string | null;
  scope: string | null;
  profile: string | null;
  grantType: string | null;
};
const SELECT_ROWS = `SELECT "applicationId", "at", outcome, error, ip, "authMethod", scope, profile, "grantType" FROM "TokenRequestLog"`;

for (const backend of selectedBackends()) {
  describe(`request log (${backend})`, () => {
    let d: Deployment;
    before(async () => {
      ensureBuild();
      d = await createDeployment(backend, { KEYPORT_REQUEST_LOG_SAMPLE: String(SAMPLE), KEYPORT_REQUEST_LOG_MAX_PER_APP: String(MAX_PER_APP) });
    });
    after(async () => {
      await d?.dispose();
    });

    test("issued and failed requests of a known client are logged with their fields; unknown clients and other endpoints leave nothing", async () => {
      const s = await startKeyport(d);
      const app = await createApp(d);
      const token = `${s.url}/oauth/token`;
      const started = Date.now();
      await getToken(s.url, app.client_id, app.client_secret); // client_secret_basic; the client is cached from here on
      const post = await postForm(token, { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret, scope: "application.client" });
      assert.equal(post.status, 200, post.text);
      assertOAuthError(await postForm(token, { grant_type: "client_credentials" }, { Authorization: basicAuth(app.client_id, "kps_wrong") }), 401, "invalid_client");
      assertOAuthError(await postForm(token, { grant_type: "client_credentials", scope: "not.a.scope" }, { Authorization: basicAuth(app.client_id, app.client_secret) }), 400, "invalid_scope");
      // An unknown client: nobody to show it to.
      assertOAuthError(await postForm(token, { grant_type: "client_credentials" }, { Authorization: basicAuth("kp_nobody_at_all", "kps_x") }), 401, "invalid_client");
      // Introspection and revocation are not the token endpoint.
      assertOAuthError(await postForm(`${s.url}/oauth/introspect`, { token: "x" }, { Authorization: basicAuth(app.client_id, "kps_wrong") }), 401, "invalid_client");
      assert.equal((await s.stop("SIGTERM")).code, 0, s.logs());
      const ended = Date.now();

      const rows = await sql<LogRow>(d, `${SELECT_ROWS} ORDER BY "at", id`);
      assert.equal(rows.length, 4, JSON.stringify(rows));
      for (const r of rows) {
        assert.equal(r.applicationId, app.id);
        assert.ok(r.at.getTime() >= started - 1000 && r.at.getTime() <= ended + 1000, `time ${r.at.toISOString()}`);
        assert.match(r.ip ?? "", /^(::ffff:)?127\.0\.0\.1$/);
        assert.equal(r.profile, "rfc6749");
      }
      const fields = rows.map(({ outcome, error, authMethod, scope, grantType }) => ({ outcome, error, authMethod, scope, grantType }));
      assert.deepEqual(fields, [
        { outcome: "issued", error: null, authMethod: "client_secret_basic", scope: "application.client", grantType: "client_credentials" },
        { outcome: "issued", error: null, authMethod: "client_secret_post", scope: "application.client", grantType: "client_credentials" },
        { outcome: "failed", error: "invalid_client", authMethod: "client_secret_basic", scope: null, grantType: null },
        { outcome: "failed", error: "invalid_scope", authMethod: "client_secret_basic", scope: "not.a.scope", grantType: "client_credentials" },
      ]);
    });

    test("a flood keeps at most the per-application sample of each flush window", async () => {
      const s = await startKeyport(d);
      const app = await createApp(d);
      await getToken(s.url, app.client_id, app.client_secret);
      const started = Date.now();
      const N = 100;
      for (let i = 0; i < N; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: 10 }, () =>
            postForm(`${s.url}/oauth/token`, { grant_type: "client_credentials", scope: "flood" }, { Authorization: basicAuth(app.client_id, app.client_secret) }),
          ),
        );
        for (const r of batch) assertOAuthError(r, 400, "invalid_scope");
      }
      assert.equal((await s.stop("SIGTERM")).code, 0, s.logs());
      // Flushes ran every 5 s while the flood lasted, and once at shutdown: each window keeps its sample.
      const windows = Math.ceil((Date.now() - started) / FLUSH_WINDOW_MS) + 1;
      const rows = await sql<LogRow>(d, `${SELECT_ROWS} WHERE "applicationId" = $1`, [app.id]);
      // The first window's sample is full (the token before the flood takes one of its places).
      assert.ok(rows.length >= SAMPLE, `the sample is kept (${rows.length})`);
      assert.ok(rows.length <= SAMPLE * windows, `${rows.length} rows for ${windows} windows of ${SAMPLE}`);
      const failed = rows.filter((r) => r.outcome === "failed");
      assert.ok(failed.length < N, "not every request is kept");
      assert.ok(failed.every((r) => r.error === "invalid_scope" && r.scope === "flood"));
      assert.match(s.logs(), /"msg":"request log sampled"/);
    });

    test("at start-up the purge removes rows older than 7 days and trims each application to its cap", async () => {
      const s0 = await startKeyport(d);
      const old = await createApp(d);
      const busy = await createApp(d);
      assert.equal((await s0.stop()).code, 0);
      await sql(
        d,
        `INSERT INTO "TokenRequestLog" ("applicationId", "at", outcome)
         SELECT $1, (now() AT TIME ZONE 'UTC') - make_interval(days => d), 'issued' FROM unnest(ARRAY[8, 10, 30, 6, 1]) AS d`,
        [old.id],
      );
      await sql(
        d,
        `INSERT INTO "TokenRequestLog" ("applicationId", "at", outcome, scope)
         SELECT $1, (now() AT TIME ZONE 'UTC') - make_interval(mins => m), 'issued', m::text FROM generate_series(1, $2::int) AS m`,
        [busy.id, MAX_PER_APP + 15],
      );
      const s = await startKeyport(d);
      assert.equal((await s.stop()).code, 0, s.logs());
      const oldRows = await sql<{ days: number }>(d, `SELECT round(extract(epoch FROM ((now() AT TIME ZONE 'UTC') - "at")) / 86400)::int AS days FROM "TokenRequestLog" WHERE "applicationId" = $1 ORDER BY "at" DESC`, [old.id]);
      assert.deepEqual(oldRows.map((r) => r.days), [1, 6]);
      const busyRows = await sql<{ scope: string }>(d, `SELECT scope FROM "TokenRequestLog" WHERE "applicationId" = $1 ORDER BY "at" DESC`, [busy.id]);
      assert.deepEqual(busyRows.map((r) => Number(r.scope)), Array.from({ length: MAX_PER_APP }, (_, i) => i + 1), "the newest rows are kept");
    });
  });
}

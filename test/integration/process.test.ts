// The Keyport process: one server per embedded data directory, SIGTERM drains and flushes usage
// counters, restarts keep credentials, a restart with another KEYPORT_SIGNING_ALG rotates the key
// (ES256, EdDSA) while old tokens keep verifying, and the CLI on a stopped embedded deployment.
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import {
  createApp,
  createDeployment,
  ensureBuild,
  freePort,
  runCli,
  selectedBackends,
  spawnRawServer,
  startKeyport,
  stopAllServers,
  type CreatedApp,
  type Deployment,
  type KeyportServer,
} from "../support/keyport";
import { basicAuth, decodeJwtHeader, decodeJwtPayload, getToken, postForm, verifyAccessToken } from "../support/oauth";
import { queryDatabase } from "../../lib/test-support/empty-test-database";

const DEFAULT_AUDIENCE = "urn:keyport:api";

/** Sum of TokenUsage.issued for one application, read straight from the stopped deployment's database. */
async function issuedCount(d: Deployment, applicationId: string): Promise<number> {
  const sql = `SELECT COALESCE(SUM("issued"), 0)::int AS n FROM "TokenUsage" WHERE "applicationId" = $1`;
  if (d.database) return (await queryDatabase<{ n: number }>(d.database.url, sql, [applicationId]))[0]!.n;
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(path.join(d.dataDir, "pgdata"));
  try {
    return (await db.query<{ n: number }>(sql, [applicationId])).rows[0]!.n;
  } finally {
    await db.close();
  }
}

/** A token request on its own connection; resolves to the status, or the socket error code. */
function tokenOnFreshConnection(url: string, app: CreatedApp): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.request(`${url}/oauth/token`, {
      method: "POST",
      agent: false,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth(app.client_id, app.client_secret) },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end("grant_type=client_credentials");
  });
}

for (const backend of selectedBackends()) {
  describe(`Keyport process (${backend})`, () => {
    let d: Deployment;
    before(() => ensureBuild());
    // A failed test must not leave its server holding the data directory for the next one.
    afterEach(async () => {
      if (d) await stopAllServers(d);
    });
    after(async () => {
      await d?.dispose();
    });

    test("SIGTERM drains in-flight requests, flushes usage counters and exits 0", async () => {
      d = await createDeployment(backend);
      const s = await startKeyport(d);
      const app = await createApp(d);
      for (let i = 0; i < 5; i++) await getToken(s.url, app.client_id, app.client_secret);

      // 30 requests on separate connections; SIGTERM once they are all on the wire.
      const inFlight = Array.from({ length: 30 }, () => tokenOnFreshConnection(s.url, app));
      await new Promise((r) => setTimeout(r, 5));
      const stopping = s.stop("SIGTERM");
      const results = await Promise.all(inFlight);
      const exit = await stopping;
      assert.deepEqual(exit, { code: 0, signal: null }, `exit after SIGTERM:\n${s.logs()}`);
      // Accepted requests complete. Connections the server had not accepted yet (still in the
      // kernel's listen backlog) are refused or reset when the listener closes: not in flight.
      for (const r of results) assert.ok(r === 200 || r === "ECONNREFUSED" || r === "ECONNRESET", `in-flight request ended with ${r}`);
      const served = results.filter((r) => r === 200).length;
      assert.ok(served > 0, `no request was served during the drain: ${results.join(",")}`);

      assert.equal(await issuedCount(d, app.id), 5 + served, "every issued token is counted after a clean shutdown");
    });

    test("a restart keeps applications, secrets and the signing key", async () => {
      const s1 = await startKeyport(d);
      const app = await createApp(d);
      const t1 = await getToken(s1.url, app.client_id, app.client_secret);
      assert.equal((await s1.stop()).code, 0);
      const s2 = await startKeyport(d);
      const t2 = await getToken(s2.url, app.client_id, app.client_secret);
      assert.equal(decodeJwtHeader(t2.access_token).kid, decodeJwtHeader(t1.access_token).kid);
      // The issuer is the request origin, so t1 (port of s1) has its own iss.
      const issuer = decodeJwtPayload(t1.access_token).iss as string;
      assert.equal(issuer, s1.url);
      await verifyAccessToken(s2.url, t1.access_token, { issuer, audience: DEFAULT_AUDIENCE, fresh: true });
      assert.equal((await s2.stop()).code, 0);
    });

    test("restart with KEYPORT_SIGNING_ALG=ES256 then EdDSA rotates the key; older tokens still verify", async () => {
      const rs = await startKeyport(d);
      const app = await createApp(d);
      const rsToken = await getToken(rs.url, app.client_id, app.client_secret);
      assert.equal(decodeJwtHeader(rsToken.access_token).alg, "RS256");
      await rs.stop();

      const es = await startKeyport(d, { KEYPORT_SIGNING_ALG: "ES256" });
      const esToken = await getToken(es.url, app.client_id, app.client_secret);
      const esHeader = decodeJwtHeader(esToken.access_token);
      assert.equal(esHeader.alg, "ES256");
      assert.notEqual(esHeader.kid, decodeJwtHeader(rsToken.access_token).kid);
      const iss = (t: string) => decodeJwtPayload(t).iss as string;
      await verifyAccessToken(es.url, esToken.access_token, { issuer: iss(esToken.access_token), audience: DEFAULT_AUDIENCE, algorithms: ["ES256"], fresh: true });
      // The retired RS256 key stays in the JWKS until its tokens have expired.
      await verifyAccessToken(es.url, rsToken.access_token, { issuer: decodeJwtPayload(rsToken.access_token).iss as string, audience: DEFAULT_AUDIENCE, algorithms: ["RS256"], fresh: true });
      const meta = (await (await fetch(`${es.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
      assert.ok(JSON.stringify(meta).includes("ES256"), "metadata advertises the signing algorithm");
      await es.stop();

      const ed = await startKeyport(d, { KEYPORT_SIGNING_ALG: "EdDSA" });
      const edToken = await getToken(ed.url, app.client_id, app.client_secret);
      assert.equal(decodeJwtHeader(edToken.access_token).alg, "EdDSA");
      await verifyAccessToken(ed.url, edToken.access_token, { issuer: iss(edToken.access_token), audience: DEFAULT_AUDIENCE, algorithms: ["EdDSA"], fresh: true });
      await verifyAccessToken(ed.url, esToken.access_token, { issuer: iss(esToken.access_token), audience: DEFAULT_AUDIENCE, algorithms: ["ES256"], fresh: true });
      await ed.stop();
    });

    test("an invalid configuration stops start-up with a readable message", async () => {
      const port = await freePort();
      const bad = spawnRawServer(d, port, { KEYPORT_SIGNING_ALG: "HS256" });
      const timer = setTimeout(() => bad.child.kill("SIGKILL"), 60_000);
      const exit = await bad.exited;
      clearTimeout(timer);
      assert.notEqual(exit.code, 0);
      assert.match(bad.logs(), /KEYPORT_SIGNING_ALG/);
      assert.doesNotMatch(bad.logs(), /^\s+at .+:\d+:\d+\)?$/m, "no stack trace");
    });

    if (backend === "embedded") {
      test("a second server on the same data directory refuses to start", async () => {
        const s = await startKeyport(d);
        const second = spawnRawServer(d, await freePort());
        const timer = setTimeout(() => second.child.kill("SIGKILL"), 60_000);
        const exit = await second.exited;
        clearTimeout(timer);
        assert.ok(exit.code !== 0 && exit.code !== null, `second server exit: ${JSON.stringify(exit)}\n${second.logs()}`);
        assert.match(second.logs(), /in use/i);
        assert.ok(second.logs().includes(d.dataDir), `message names the data directory:\n${second.logs()}`);
        // The first one is unharmed.
        assert.equal((await fetch(`${s.url}/api/ready`)).status, 200);
        assert.equal((await s.stop()).code, 0);
      });

      test("the CLI works on the stopped embedded database, and the server sees its changes", async () => {
        const created = await runCli(d, ["apps", "create", "--name", "Offline app", "--owner", "owner@example.test", "--scopes", "application.client", "--json"]);
        assert.equal(created.code, 0, created.stderr);
        const app = created.json<CreatedApp>();
        const s: KeyportServer = await startKeyport(d);
        await getToken(s.url, app.client_id, app.client_secret);
        assert.equal((await s.stop()).code, 0);
      });
    }
  });
}

// The automation API's team routes end to end (issue #11 §2) on a production Keyport, both
// backends, mail to a real SMTP server. A pipeline app of owner@example.test's team, registered by
// the CLI with keyport:apps:read/write and keyport:teams:write for urn:keyport:management, gets a
// token from /oauth/token and runs the issue's lifecycle: create an app (Idempotency-Key: the
// replay never shows the secret again) → a token for the new app → rotate with grace (old and new
// secret both work) → disable (its token requests are refused) → the audit log shows the API
// actor. Then scope and audience enforcement, team isolation (another team's app is a 404), the
// team's own rule for enabling, members and invitations with the last-admin rule, keys, usage, the
// request log and deletion.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, cliJson, createDeployment, ensureBuild, runCli, selectedBackends, startKeyport, type CreatedApp, type Deployment, type KeyportServer } from "../support/keyport";
import { basicAuth, eventually, getToken, postForm, request, type HttpResult } from "../support/oauth";
import { startSmtp, type SmtpCapture } from "../support/smtp";

const MANAGEMENT = "urn:keyport:management";
const OWNER = "owner@example.test";
const OTHER_OWNER = "other@example.test";
// Cache invalidation through LISTEN/NOTIFY is "within a second"; slack for a loaded 2-core box.
const INVALIDATION_MS = 3000;
const README_ORIGIN = "http://localhost:3000";

/** The sh block of the README's "### The team endpoints". */
function teamEndpointsBlock(): string {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^### /m).find((x) => x.startsWith("The team endpoints"));
  assert.ok(section, 'README.md has a "### The team endpoints" section');
  const block = /^```sh\n([\s\S]*?)^```$/m.exec(section)?.[1];
  assert.ok(block, "that section has a sh block");
  return block;
}

/** A JSON answer read back from the wire, indexed freely by the assertions. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-only JSON access

function assertProblem(res: HttpResult, status: number, type: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal(res.body?.type, `urn:keyport:problem:${type}`, res.text);
  assert.doesNotMatch(res.text, /\bat .*\.(ts|js):\d+/, "no stack trace");
}

for (const backend of selectedBackends()) {
  describe(`automation API: applications, secrets, keys, team (${backend})`, () => {
    let smtp: SmtpCapture;
    let d: Deployment;
    let s: KeyportServer;
    let pipeline: CreatedApp; // owner's team: apps:read + apps:write + teams:write
    let developer: CreatedApp; // owner's team: apps:read + apps:write (no teams:write)
    let reader: CreatedApp; // owner's team: apps:read only
    let auditor: CreatedApp; // keyport:admin: reads the audit log
    let wrongAudience: CreatedApp; // apps:write, but tokens for the default audience urn:keyport:api
    let outsider: CreatedApp; // other@example.test's team: apps:read + apps:write + teams:write

    const create = (name: string, owner: string, scopes: string, audience?: string) =>
      cliJson<CreatedApp>(d, ["apps", "create", "--name", name, "--owner", owner, "--scopes", scopes, ...(audience ? ["--audience", audience] : [])]);
    const tokenOf = async (app: { client_id: string; client_secret: string }) => (await getToken(s.url, app.client_id, app.client_secret)).access_token;
    const api = async (path: string, init: { method?: string; token: string; body?: unknown; headers?: Record<string, string> }) => {
      const res = await request(`${s.url}/api/v1${path}`, {
        method: init.method ?? "GET",
        headers: {
          Authorization: `Bearer ${init.token}`,
          "User-Agent": "api-apps-test/1",
          ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return res as HttpResult & { body: Json };
    };
    /** The deployment's configuration, as `npm start` in the same folder would have it. */
    const shellEnv = (): NodeJS.ProcessEnv => ({ ...d.env, KEYPORT_ISSUER: s.url }) as Record<string, string> as NodeJS.ProcessEnv;
    const tokenStatus = (clientId: string, secret: string) => postForm(`${s.url}/oauth/token`, { grant_type: "client_credentials" }, { Authorization: basicAuth(clientId, secret) });

    before(async () => {
      ensureBuild();
      smtp = await startSmtp();
      d = await createDeployment(backend, { SMTP_URL: smtp.url });
      // Before the server runs (the embedded database has one process at a time).
      pipeline = await create("Terraform pipeline", OWNER, "keyport:apps:read keyport:apps:write keyport:teams:write", MANAGEMENT);
      developer = await create("CI developer", OWNER, "keyport:apps:read keyport:apps:write", MANAGEMENT);
      reader = await create("Dashboard", OWNER, "keyport:apps:read", MANAGEMENT);
      auditor = await create("Auditor", "auditor@example.test", "keyport:admin", MANAGEMENT);
      wrongAudience = await create("Wrong audience", OWNER, "keyport:apps:write");
      outsider = await create("Other team's pipeline", OTHER_OWNER, "keyport:apps:read keyport:apps:write keyport:teams:write", MANAGEMENT);
      s = await startKeyport(d);
    });
    after(async () => {
      await d?.dispose();
      await smtp?.close();
    });

    test("the lifecycle: create → token → rotate with grace → disable → the audit log shows the API actor", async () => {
      const token = await tokenOf(pipeline);

      // Create, with an Idempotency-Key.
      const key = `create-${backend}-${Date.now()}`;
      const body = { name: "Billing sync (API)", description: "made by the pipeline", scopes: ["application.client"] };
      const created = await api("/applications", { method: "POST", token, body, headers: { "Idempotency-Key": key } });
      assert.equal(created.status, 201, created.text);
      const app = created.body.application;
      const secret1: string = created.body.client_secret;
      assert.match(secret1, /^kps_/);
      assert.equal(created.body.secret_shown_once, true);
      assert.equal(app.status, "active");
      assert.deepEqual(app.scopes, ["application.client"]);
      assert.equal(app.team.id, (await api(`/applications/${pipeline.client_id}`, { token })).body.team.id, "registered in the calling app's team");
      assert.equal(app.created_by, OWNER);
      assert.equal(created.body.secret.hint, secret1.slice(-4));

      // The replay: the same answer, without the secret.
      const replay = await api("/applications", { method: "POST", token, body, headers: { "Idempotency-Key": key } });
      assert.equal(replay.status, 201, replay.text);
      assert.equal(replay.headers.get("idempotent-replayed"), "true");
      assert.equal(replay.body.application.id, app.id, "nothing registered twice");
      assert.equal(replay.body.client_secret, null);
      assert.equal(replay.body.secret_shown_once, false);
      assert.ok(!replay.text.includes(secret1), "the replay never carries the secret");
      const listed = await api(`/applications?search=${encodeURIComponent("Billing sync (API)")}`, { token });
      assert.equal(listed.body.items.length, 1);

      // The team's admins get the credentials mail (the CLI-registered owner is the team's admin).
      const [credentialsMail] = await smtp.waitFor(OWNER, 1, 20_000, /Billing sync \(API\)/);
      assert.ok(credentialsMail!.text.includes(secret1), "credentials mail carries the secret");

      // A token for the new app.
      const newApp = { client_id: app.client_id as string, client_secret: secret1 };
      await getToken(s.url, newApp.client_id, secret1);

      // Rotate with an hour's grace: both secrets work.
      const rotated = await api(`/applications/${app.id}/secrets/rotate`, { method: "POST", token, body: { grace_seconds: 3600 } });
      assert.equal(rotated.status, 200, rotated.text);
      const secret2: string = rotated.body.client_secret;
      assert.match(secret2, /^kps_/);
      assert.notEqual(secret2, secret1);
      assert.ok(rotated.body.old_secrets_expire_at);
      assert.ok(await eventually(async () => (await tokenStatus(newApp.client_id, secret2)).status === 200, INVALIDATION_MS), "the new secret works");
      assert.equal((await tokenStatus(newApp.client_id, secret1)).status, 200, "the old secret works during the grace period");
      const detail = await api(`/applications/${app.id}`, { token });
      assert.equal(detail.body.secrets.length, 2);
      assert.deepEqual(detail.body.secrets.map((x: Json) => x.state), ["active", "expiring"]);
      assert.ok(!detail.text.includes(secret2) && !detail.text.includes(secret1), "secrets are never read back");

      // Disable: its token requests are refused.
      const disabled = await api(`/applications/${app.id}/disable`, { method: "POST", token, body: { reason: "decommissioned" } });
      assert.equal(disabled.status, 200, disabled.text);
      assert.equal(disabled.body.application.status, "disabled");
      assert.equal(disabled.body.changed, true);
      assert.ok(await eventually(async () => (await tokenStatus(newApp.client_id, secret2)).status === 401, INVALIDATION_MS), "a disabled app still gets tokens");
      const refused = await tokenStatus(newApp.client_id, secret2);
      assert.equal(refused.body?.error, "invalid_client");
      assert.equal((await tokenStatus(newApp.client_id, secret1)).status, 401);

      // The audit log: every step, with the pipeline as the actor.
      const audit = await api(`/admin/audit-events?app=${app.id}`, { token: await tokenOf(auditor) });
      assert.equal(audit.status, 200, audit.text);
      const events = (audit.body.items as Json[]).slice().reverse(); // oldest first
      assert.deepEqual(
        events.map((e) => e.action),
        ["app.create", "secret.rotate", "app.disable"],
        audit.text,
      );
      for (const e of events) {
        assert.deepEqual(e.actor, { type: "app", id: pipeline.client_id, email: null }, `${e.action} by the API actor`);
        assert.equal(e.user_agent, "api-apps-test/1");
        assert.equal(e.application_id, app.id);
      }
    });

    test("scopes are enforced: read-only cannot write, deletion needs keyport:teams:write", async () => {
      const readToken = await tokenOf(reader);
      assert.equal((await api("/applications", { token: readToken })).status, 200);
      const denied = await api("/applications", { method: "POST", token: readToken, body: { name: "Nope", scopes: ["application.client"] } });
      assertProblem(denied, 403, "insufficient-scope");
      assert.match(denied.headers.get("www-authenticate") ?? "", /error="insufficient_scope"/);
      assert.match(denied.headers.get("www-authenticate") ?? "", /scope="keyport:apps:write"/);
      assertProblem(await api("/team/invitations", { method: "POST", token: readToken, body: { email: "x@example.test", role: "viewer" } }), 403, "insufficient-scope");

      // A developer's token registers and changes apps, but does not delete them or manage members.
      const devToken = await tokenOf(developer);
      const made = await api("/applications", { method: "POST", token: devToken, body: { name: "Dev-made", scopes: ["application.client"] } });
      assert.equal(made.status, 201, made.text);
      assertProblem(await api(`/applications/${made.body.application.id}`, { method: "DELETE", token: devToken }), 403, "insufficient-scope");
      assertProblem(await api("/team/members/anyone", { method: "DELETE", token: devToken }), 403, "insufficient-scope");

      // keyport:admin stays with admins: asking for it in a registration makes the app pending.
      const privileged = await api("/applications", { method: "POST", token: devToken, body: { name: "Wants admin", scopes: ["keyport:admin"], audience: MANAGEMENT } });
      assert.equal(privileged.status, 201, privileged.text);
      assert.equal(privileged.body.application.status, "pending");
      assert.deepEqual(privileged.body.pending_scopes, ["keyport:admin"]);
      // …and it cannot be added to an app afterwards, nor the pending app enabled.
      assertProblem(await api(`/applications/${made.body.application.id}`, { method: "PATCH", token: devToken, body: { scopes: ["application.client", "keyport:admin"] } }), 403, "forbidden");
      assertProblem(await api(`/applications/${privileged.body.application.id}/enable`, { method: "POST", token: devToken, body: {} }), 409, "conflict");
    });

    test("the audience is enforced: a token for urn:keyport:api is refused", async () => {
      const res = await api("/applications", { token: await tokenOf(wrongAudience) });
      assertProblem(res, 401, "invalid-token");
      assert.match(res.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
    });

    test("team isolation: another team's application is a 404, and never listed", async () => {
      const outsiderToken = await tokenOf(outsider);
      const ours = pipeline.id;
      assertProblem(await api(`/applications/${ours}`, { token: outsiderToken }), 404, "not-found");
      assertProblem(await api(`/applications/${pipeline.client_id}`, { token: outsiderToken }), 404, "not-found");
      assertProblem(await api(`/applications/${ours}`, { method: "PATCH", token: outsiderToken, body: { token_lifetime: 120 } }), 404, "not-found");
      assertProblem(await api(`/applications/${ours}/disable`, { method: "POST", token: outsiderToken, body: {} }), 404, "not-found");
      assertProblem(await api(`/applications/${ours}/secrets/rotate`, { method: "POST", token: outsiderToken, body: {} }), 404, "not-found");
      assertProblem(await api(`/applications/${ours}`, { method: "DELETE", token: outsiderToken }), 404, "not-found");
      assertProblem(await api(`/applications/${ours}/requests`, { token: outsiderToken }), 404, "not-found");
      assertProblem(await api(`/applications/${ours}/keys`, { token: outsiderToken }), 404, "not-found");
      const ourTeam = (await api(`/applications/${ours}`, { token: await tokenOf(pipeline) })).body.team;
      assertProblem(await api(`/applications?team=${ourTeam.slug}`, { token: outsiderToken }), 404, "not-found");
      const theirs = await api("/applications", { token: outsiderToken });
      assert.deepEqual((theirs.body.items as Json[]).map((a) => a.client_id), [outsider.client_id]);
      // Our pipeline still works on its own app (nothing above changed it).
      assert.equal((await api(`/applications/${ours}`, { token: await tokenOf(pipeline) })).body.token_lifetime !== 120, true);
    });

    test("pagination, update, usage and the request log", async () => {
      const token = await tokenOf(pipeline);
      const all: string[] = [];
      let url = "/applications?limit=2";
      for (let i = 0; i < 20 && url; i++) {
        const page = await api(url, { token });
        assert.equal(page.status, 200, page.text);
        all.push(...(page.body.items as Json[]).map((a) => a.id as string));
        const link = page.headers.get("link");
        if (page.body.next_cursor) assert.match(link ?? "", /rel="next"/);
        url = page.body.next_cursor ? `/applications?limit=2&cursor=${page.body.next_cursor}` : "";
      }
      assert.equal(new Set(all).size, all.length, "no application twice");
      for (const id of [pipeline.id, developer.id, reader.id, wrongAudience.id]) assert.ok(all.includes(id), `listed ${id}`);
      assert.ok(!all.includes(outsider.id) && !all.includes(auditor.id));
      assertProblem(await api("/applications?cursor=bm90LWEtY3Vyc29y", { token }), 422, "validation-failed");
      const active = await api("/applications?status=disabled", { token });
      assert.ok((active.body.items as Json[]).every((a) => a.status === "disabled"));

      const patched = await api(`/applications/${reader.id}`, { method: "PATCH", token, body: { token_lifetime: 900 } });
      assert.equal(patched.status, 200, patched.text);
      assert.deepEqual(patched.body.changed, ["token_lifetime"]);
      assert.equal(patched.body.application.token_lifetime, 900);
      assertProblem(await api(`/applications/${reader.id}`, { method: "PATCH", token, body: { refresh_tokens: true } }), 422, "validation-failed");

      // The token endpoint sees the change (its client cache is invalidated by the update).
      assert.ok(
        await eventually(async () => (await getToken(s.url, reader.client_id, reader.client_secret)).expires_in === 900, INVALIDATION_MS),
        "tokens carry the new lifetime",
      );
      // The reader's token requests: in its usage and its request log (written in 5 s batches).
      assert.equal((await tokenStatus(reader.client_id, "kps_wrong")).status, 401);
      assert.ok(
        await eventually(async () => ((await api(`/applications/${reader.id}/requests?outcome=failed`, { token })).body.items as Json[]).length > 0, 15_000, 500),
        "the failed request reaches the request log",
      );
      const failed = await api(`/applications/${reader.id}/requests?outcome=failed`, { token });
      assert.equal(failed.body.items[0].outcome, "failed");
      assert.equal(failed.body.items[0].error, "invalid_client");
      assert.ok(await eventually(async () => (await api(`/applications/${reader.id}/usage?days=1`, { token })).body.total.issued > 0, 15_000, 500), "usage counts the issued token");
    });

    test("enable: only what the team disabled; an administrator's disable stays", async () => {
      const token = await tokenOf(pipeline);
      const off = await api(`/applications/${developer.id}/disable`, { method: "POST", token, body: {} });
      assert.equal(off.status, 200, off.text);
      const on = await api(`/applications/${developer.id}/enable`, { method: "POST", token, body: {} });
      assert.equal(on.status, 200, on.text);
      assert.equal(on.body.application.status, "active");

      const byAdmin = await runCli(d, ["apps", "disable", developer.client_id, "--reason", "abuse"]);
      assert.equal(byAdmin.code, 0, byAdmin.stderr);
      assertProblem(await api(`/applications/${developer.id}/enable`, { method: "POST", token, body: {} }), 403, "forbidden");
      const still = await api(`/applications/${developer.id}`, { token });
      assert.equal(still.body.status, "disabled");
      assert.equal((await runCli(d, ["apps", "enable", developer.client_id])).code, 0);
    });

    test("the team: members, invitations, the last-admin rule", async () => {
      const token = await tokenOf(pipeline);
      const team = await api("/team", { token });
      assert.equal(team.status, 200, team.text);
      assert.equal(team.body.personal, true);
      const owner = (team.body.members as Json[]).find((m) => m.email === OWNER);
      assert.equal(owner?.role, "admin");

      const invited = await api("/team/invitations", { method: "POST", token, body: { email: "New.Dev@Example.test", role: "developer" } });
      assert.equal(invited.status, 201, invited.text);
      assert.equal(invited.body.email, "new.dev@example.test");
      await smtp.waitFor("new.dev@example.test", 1);
      const pending = await api("/team", { token });
      assert.ok((pending.body.invitations as Json[]).some((i) => i.id === invited.body.id && i.role === "developer"));
      const withdrawn = await api(`/team/invitations/${invited.body.id}`, { method: "DELETE", token });
      assert.equal(withdrawn.status, 200, withdrawn.text);
      assert.equal((await api("/team", { token })).body.invitations.length, 0);

      // The only admin (the personal team's owner) can neither be demoted nor removed.
      assertProblem(await api(`/team/members/${owner!.user_id}`, { method: "PATCH", token, body: { role: "viewer" } }), 409, "conflict");
      assertProblem(await api(`/team/members/${owner!.user_id}`, { method: "DELETE", token }), 409, "conflict");
      assertProblem(await api("/team/members/no-such-user", { method: "DELETE", token }), 404, "not-found");
      assertProblem(await api("/team/invitations", { method: "POST", token, body: { email: "x@example.test", role: "owner" } }), 422, "validation-failed");
      const members = await api("/team/members", { token: await tokenOf(reader) });
      assert.deepEqual((members.body.items as Json[]).map((m) => m.email), [OWNER]);
    });

    test("the README's team-endpoints block runs as pasted (against this server's URL)", async () => {
      const block = teamEndpointsBlock();
      assert.ok(block.includes(`${README_ORIGIN}/api/v1`));
      // Synchronous on purpose: nothing else runs meanwhile; the CLI in it talks to the running server.
      const r = spawnSync("bash", ["-c", `set -euo pipefail\n${block.replaceAll(README_ORIGIN, s.url)}`], {
        cwd: ROOT,
        env: shellEnv(),
        encoding: "utf8",
        timeout: 90_000,
      });
      assert.equal(r.status, 0, `bash exited ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      assert.match(r.stdout, /"client_secret":"kps_/, "the rotation's new secret");
      assert.match(r.stdout, /"status":"disabled"/);
      assert.match(r.stdout, /"members":\[\{"user_id":"[^"]+","email":"alice@example.com","role":"admin"/);
      // The disable answer is the last application JSON: "Reports export", in alice's team.
      assert.match(r.stdout, /\{"application":\{[^{}]*"name":"Reports export"[^{}]*"status":"disabled"/);
      const outsiders = await api("/applications?search=Reports%20export", { token: await tokenOf(outsider) });
      assert.equal(outsiders.body.items.length, 0, "not visible to another team");
    });

    test("keys of a private_key_jwt app; deletion", async () => {
      const token = await tokenOf(pipeline);
      const { publicKey } = await import("node:crypto").then((c) => c.generateKeyPairSync("ec", { namedCurve: "P-256" }));
      const jwk = { ...publicKey.export({ format: "jwk" }), alg: "ES256", kid: "k1" };
      const made = await api("/applications", { method: "POST", token, body: { name: "Keyed", scopes: ["application.client"], auth_method: "private_key_jwt", keys: JSON.stringify(jwk) } });
      assert.equal(made.status, 201, made.text);
      assert.equal(made.body.client_secret, null);
      assert.equal(made.body.keys.length, 1);
      const id = made.body.application.id as string;
      const keys = await api(`/applications/${id}/keys`, { token });
      assert.equal(keys.body.auth_method, "private_key_jwt");
      assert.equal(keys.body.keys[0].kid, "k1");
      const second = await import("node:crypto").then((c) => c.generateKeyPairSync("ec", { namedCurve: "P-256" }));
      const added = await api(`/applications/${id}/keys`, { method: "POST", token, body: { keys: JSON.stringify({ ...second.publicKey.export({ format: "jwk" }), alg: "ES256", kid: "k2" }) } });
      assert.equal(added.status, 201, added.text);
      const removed = await api(`/applications/${id}/keys/${keys.body.keys[0].id}`, { method: "DELETE", token });
      assert.equal(removed.status, 200, removed.text);
      assert.equal(removed.body.remaining, 1);
      assertProblem(await api(`/applications/${id}/keys`, { method: "POST", token, body: { keys: "not a key" } }), 422, "validation-failed");

      const deleted = await api(`/applications/${id}`, { method: "DELETE", token });
      assert.equal(deleted.status, 200, deleted.text);
      assert.equal(deleted.body.deleted, true);
      assertProblem(await api(`/applications/${id}`, { token }), 404, "not-found");
    });
  });
}

// Teams (issue #11 §1) against a real Keyport on both backends:
// - the migration keeps existing applications: a database at the previous migration, with users,
//   apps, secrets and audit events in it, is migrated by Keyport's start-up; every user gets a
//   personal team with a deterministic slug, every app moves to its owner's, and their secrets
//   keep working;
// - membership rules over the real server actions, with people signed in by real mail: invite,
//   accept, a developer rotates, a viewer is refused (403) and sees no rotate button, an outsider
//   gets 404, a removed member gets 404 on the next request, the last admin stays;
// - `organization` on token requests: the team's id or slug → org_id / org_name, anything else →
//   invalid_request.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { cliJson, createDeployment, ensureBuild, runCli, selectedBackends, startKeyport, type Deployment, type KeyportServer } from "../support/keyport";
import { startSmtp, type SmtpCapture } from "../support/smtp";
import { callFormAction, serverActionId } from "../support/server-action";
import { assertOAuthError, basicAuth, decodeJwtPayload, getToken, postForm, postJson, request } from "../support/oauth";
import { parseConfig } from "../../lib/config/env";
import { openDatabase } from "../../lib/db/database";
import { migrate, readMigrations } from "../../lib/db/migrate";
import { digestSecretHex } from "../../lib/crypto/credentials";
import { queryDatabase } from "../../lib/test-support/empty-test-database";
import path from "node:path";

const TEAMS_MIGRATION = readMigrations().find((m) => m.name.endsWith("_teams"))!.name;
const unique = (label: string) => `${label}-${crypto.randomBytes(4).toString("hex")}@example.test`;
const md5 = (s: string) => crypto.createHash("md5").update(s).digest("hex");

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

/** Sign in as a person does: request a link, open it from the mail; returns the session cookie. */
async function signIn(base: string, smtp: SmtpCapture, email: string): Promise<string> {
  const before = smtp.to(email, /Sign in/).length;
  const csrf = await fetch(`${base}/api/auth/csrf`, { signal: AbortSignal.timeout(15_000) });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/signin/nodemailer`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookiesOf(csrf) },
    body: new URLSearchParams({ email, csrfToken, callbackUrl: "/apps" }).toString(),
    redirect: "manual",
    signal: AbortSignal.timeout(15_000),
  });
  await res.arrayBuffer();
  const mails = await smtp.waitFor(email, before + 1, 20_000, /Sign in/);
  const link = (mails.at(-1)!.text.match(/https?:\/\/[^\s<>"']+/g) ?? []).find((l) => l.includes("/api/auth/callback/nodemailer"));
  assert.ok(link, "sign-in link in the mail");
  const callback = await fetch(link, { redirect: "manual", signal: AbortSignal.timeout(15_000) });
  await callback.arrayBuffer();
  const cookie = cookiesOf(callback);
  assert.match(cookie, /authjs\.session-token=/, `no session for ${email} (${callback.status})`);
  return cookie;
}

async function page(base: string, path: string, cookie: string) {
  return request(`${base}${path}`, { method: "GET", headers: { Cookie: cookie } });
}

for (const backend of selectedBackends()) {
  describe(`teams: the migration keeps existing applications (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    const secret = `kps_${crypto.randomBytes(32).toString("base64url")}`;
    const users = [
      { id: "u_alice_a", email: "alice@a.example" },
      { id: "u_alice_b", email: "Alice@b.example" },
      { id: "u_dashes", email: "--@c.example" },
    ];
    const apps = [
      { id: "app_one", clientId: "kp_premigration_one", owner: "u_alice_a" },
      { id: "app_two", clientId: "kp_premigration_two", owner: "u_alice_a" },
      { id: "app_three", clientId: "kp_premigration_three", owner: "u_alice_b" },
    ];

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend, { KEYPORT_SECRET: crypto.randomBytes(36).toString("base64url") });
      // The database as the previous release left it: every migration before the teams one.
      const config = parseConfig({ NODE_ENV: "test", KEYPORT_ISSUER: "http://127.0.0.1:3000", KEYPORT_LOG_LEVEL: "warn", ...d.env });
      const db = await openDatabase(config);
      try {
        await migrate(db, readMigrations().filter((m) => m.name < TEAMS_MIGRATION));
        for (const [i, u] of users.entries()) {
          await db.query(`INSERT INTO "User" (id, email, "createdAt") VALUES ($1, $2, now() - ($3 || ' minutes')::interval)`, [u.id, u.email, String(10 - i)]);
        }
        for (const a of apps) {
          await db.query(
            `INSERT INTO "Application" (id, "clientId", name, "ownerId", status, scopes, audiences, "updatedAt") VALUES ($1, $2, $1, $3, 'active', ARRAY['application.client'], ARRAY['urn:keyport:api'], now())`,
            [a.id, a.clientId, a.owner],
          );
          await db.query(`INSERT INTO "ClientSecret" (id, "applicationId", digest, hint) VALUES ($1, $2, $3, $4)`, [
            `sec_${a.id}`,
            a.id,
            digestSecretHex(config.secret, `${secret}${a.id}`),
            "hint",
          ]);
          await db.query(`INSERT INTO "AuditEvent" ("actorType", action, "applicationId") VALUES ('cli', 'app.create', $1)`, [a.id]);
        }
      } finally {
        await db.close();
      }
      s = await startKeyport(d);
    });
    after(async () => {
      await d?.dispose();
    });

    test("every user has a personal team (deterministic slug, admin), every app is in its owner's, and its secret still works", async () => {
      const list = await cliJson<{ teams: Array<{ id: string; slug: string; name: string; personal: boolean; members: number; applications: number }> }>(d, ["teams", "list"]);
      const bySlug = new Map(list.teams.map((t) => [t.slug, t]));
      // In the order the users were created; the second "alice" gets a suffix; nothing left → "user".
      assert.deepEqual(
        ["alice", "alice-2", "user"].map((slug) => ({ slug, ...bySlug.get(slug) })).map((t) => [t.slug, t.id, t.personal, t.members, t.applications]),
        [
          ["alice", `team_${md5("team:u_alice_a").slice(0, 24)}`, true, 1, 2],
          ["alice-2", `team_${md5("team:u_alice_b").slice(0, 24)}`, true, 1, 1],
          ["user", `team_${md5("team:u_dashes").slice(0, 24)}`, true, 1, 0],
        ],
      );
      const alice = await cliJson<{ members: Array<{ email: string; role: string }>; applications: Array<{ client_id: string }> }>(d, ["teams", "show", "alice"]);
      assert.deepEqual(alice.members.map((m) => [m.email, m.role]), [["alice@a.example", "admin"]]);
      assert.deepEqual(alice.applications.map((a) => a.client_id).sort(), ["kp_premigration_one", "kp_premigration_two"]);

      for (const a of apps) {
        const shown = await cliJson<{ team: string; owner: string; status: string }>(d, ["apps", "show", a.clientId]);
        assert.equal(shown.team, a.owner === "u_alice_a" ? "alice" : "alice-2");
        assert.equal(shown.status, "active");
        // The pre-migration secret works, and the token names the team when asked to.
        const token = await getToken(s.url, a.clientId, `${secret}${a.id}`, { organization: shown.team });
        assert.equal(decodeJwtPayload(token.access_token).org_id, `team_${md5(`team:${a.owner}`).slice(0, 24)}`);
      }
    });

    test("the CLI's --team must name a team; an owner it creates gets a personal team", async () => {
      const r = await runCli(d, ["apps", "create", "--name", "x", "--owner", "bob@d.example", "--scopes", "application.client", "--team", "no-such-team"]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /Team not found/);
      const bob = await cliJson<{ teams: Array<{ slug: string }> }>(d, ["teams", "list", "--search", "bob"]);
      assert.deepEqual(bob.teams.map((t) => t.slug), [], "nothing was created for a refused registration");
      const ok = await cliJson<{ team: string }>(d, ["apps", "create", "--name", "y", "--owner", "bob@d.example", "--scopes", "application.client"]);
      assert.equal(ok.team, "bob", "the owner named by the CLI got a personal team");
    });

    test("the audit history is kept as it was; new events about an app record its team", async () => {
      await cliJson(d, ["apps", "disable", "kp_premigration_three", "--reason", "after the migration"]);
      const rows = await sql<{ action: string; teamId: string | null }>(
        d,
        () => s,
        (next) => (s = next),
        `SELECT action, "teamId" FROM "AuditEvent" WHERE "applicationId" = 'app_three' ORDER BY id`,
      );
      assert.deepEqual(rows, [
        { action: "app.create", teamId: null },
        { action: "app.disable", teamId: `team_${md5("team:u_alice_b").slice(0, 24)}` },
      ]);
    });
  });

  describe(`teams: membership over the portal's server actions (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let smtp: SmtpCapture;
    const people = { admin: unique("admin"), dev: unique("dev"), viewer: unique("viewer"), outsider: unique("outsider") };
    const cookie: Record<keyof typeof people, string> = { admin: "", dev: "", viewer: "", outsider: "" };
    const slug = `team-${crypto.randomBytes(3).toString("hex")}`;
    let teamId = "";
    let appId = "";
    let clientId = "";
    let clientSecret = "";
    const action = (file: string, name: string) => serverActionId(file, name);

    before(async () => {
      ensureBuild();
      smtp = await startSmtp();
      d = await createDeployment(backend, { SMTP_URL: smtp.url });
      s = await startKeyport(d);
      for (const who of Object.keys(people) as Array<keyof typeof people>) cookie[who] = await signIn(s.url, smtp, people[who]);
    });
    after(async () => {
      await d?.dispose();
      await smtp?.close();
    });

    async function invite(email: string, role: string): Promise<string> {
      const since = smtp.to(email, /^Join /).length;
      const r = await callFormAction(s.url, `/teams/${slug}`, action("app/teams/actions.ts", "inviteMemberAction"), [["teamId", teamId], ["email", email], ["role", role]], { Cookie: cookie.admin });
      assert.match(r.text, /Invitation for .* emailed/, r.text.slice(0, 400));
      const [mail] = (await smtp.waitFor(email, since + 1, 20_000, /^Join /)).slice(-1);
      const token = /\/invitations\/(kpi_[A-Za-z0-9_-]+)/.exec(mail!.text)?.[1];
      assert.ok(token, mail!.text);
      return token;
    }

    test("an admin creates a team and invites; the invitees accept (once) signed in with the invited address", async () => {
      const created = await callFormAction(s.url, "/teams", action("app/teams/actions.ts", "createTeamAction"), [["name", "Payments platform"], ["slug", slug]], { Cookie: cookie.admin });
      assert.equal(created.headers.get("x-action-redirect")?.split(";")[0], `/teams/${slug}?created=1`, created.text.slice(0, 300));
      const team = await cliJson<{ id: string; members: Array<{ email: string; role: string }> }>(d, ["teams", "show", slug]);
      teamId = team.id;
      assert.deepEqual(team.members.map((m) => [m.email, m.role]), [[people.admin, "admin"]]);

      const devToken = await invite(people.dev, "developer");
      const viewerToken = await invite(people.viewer, "viewer");
      const accept = action("app/teams/actions.ts", "acceptInvitationAction");
      // Someone else holding the link cannot use it.
      const wrong = await callFormAction(s.url, `/invitations/${devToken}`, accept, [["token", devToken]], { Cookie: cookie.outsider });
      assert.match(wrong.text, /another email address/);
      assert.match(wrong.text, /"status":403/);
      const ok = await callFormAction(s.url, `/invitations/${devToken}`, accept, [["token", devToken]], { Cookie: cookie.dev });
      assert.equal(ok.headers.get("x-action-redirect")?.split(";")[0], `/teams/${slug}?joined=1`, ok.text.slice(0, 300));
      const again = await callFormAction(s.url, `/invitations/${devToken}`, accept, [["token", devToken]], { Cookie: cookie.dev });
      assert.match(again.text, /already been used/);
      await callFormAction(s.url, `/invitations/${viewerToken}`, accept, [["token", viewerToken]], { Cookie: cookie.viewer });
      const members = await cliJson<{ members: Array<{ email: string; role: string }> }>(d, ["teams", "show", slug]);
      assert.deepEqual(members.members.map((m) => [m.email, m.role]).sort(), [[people.admin, "admin"], [people.dev, "developer"], [people.viewer, "viewer"]].sort());
    });

    test("registration into the team: credentials go to its admins and developers, never to its viewers", async () => {
      const r = await callFormAction(
        s.url,
        "/apps/new",
        action("app/apps/actions.ts", "registerAppAction"),
        [["team", slug], ["name", "Team billing sync"], ["description", ""], ["scopes", "application.client"]],
        { Cookie: cookie.dev },
      );
      const created = /"created":\{"id":"([^"]+)","name":"Team billing sync","clientId":"([^"]+)"/.exec(r.text);
      assert.ok(created, r.text.slice(0, 500));
      [, appId, clientId] = created as unknown as [string, string, string];
      clientSecret = /"clientSecret":"(kps_[^"]+)"/.exec(r.text)![1]!;
      const shown = await cliJson<{ team: string; owner: string }>(d, ["apps", "show", clientId]);
      assert.deepEqual([shown.team, shown.owner], [slug, people.dev]);
      for (const who of [people.admin, people.dev]) {
        const [mail] = await smtp.waitFor(who, 1, 20_000, /Team billing sync/);
        assert.ok(mail!.text.includes(clientSecret), `${who} got the credentials`);
      }
      assert.equal(smtp.to(people.viewer, /Team billing sync/).length, 0);

      // An outsider cannot register into the team (404), a viewer may not (403).
      for (const [who, status] of [["outsider", 404], ["viewer", 403]] as const) {
        const refused = await callFormAction(s.url, "/apps/new", action("app/apps/actions.ts", "registerAppAction"), [["team", slug], ["name", `Sneaky ${who}`], ["scopes", "application.client"]], {
          Cookie: cookie[who],
        });
        assert.match(refused.text, new RegExp(`"status":${status}`), refused.text.slice(0, 300));
      }
    });

    test("a developer rotates; a viewer sees no rotate button and a forged call is refused (403); an outsider gets 404", async () => {
      const rotate = action("app/apps/actions.ts", "rotateSecretAction");
      const devPage = await page(s.url, `/apps/${appId}`, cookie.dev);
      assert.equal(devPage.status, 200);
      assert.match(devPage.text, /Rotate the secret/);
      const rotated = await callFormAction(s.url, `/apps/${appId}`, rotate, [["appId", appId], ["grace", "1h"]], { Cookie: cookie.dev });
      assert.match(rotated.text, /"rotated":\{"clientSecret":"kps_/, rotated.text.slice(0, 300));
      const newSecret = /"clientSecret":"(kps_[^"]+)"/.exec(rotated.text)![1]!;
      await getToken(s.url, clientId, newSecret);
      await smtp.waitFor(people.admin, 1, 20_000, /New client secret for Team billing sync/);
      const [devMail] = await smtp.waitFor(people.dev, 1, 20_000, /New client secret for Team billing sync/);
      assert.match(devMail!.text, new RegExp(`${people.dev.replace(/[.+]/g, "\\$&")} rotated`));

      const viewerPage = await page(s.url, `/apps/${appId}`, cookie.viewer);
      assert.equal(viewerPage.status, 200);
      assert.doesNotMatch(viewerPage.text, /Rotate the secret|Revoke<|Delete this application/);
      assert.match(viewerPage.text, /You are a viewer in this team/);
      const secretsBefore = (await cliJson<{ secrets: unknown[] }>(d, ["apps", "show", clientId])).secrets.length;
      const forged = await callFormAction(s.url, `/apps/${appId}`, rotate, [["appId", appId], ["grace", "now"]], { Cookie: cookie.viewer });
      assert.match(forged.text, /"status":403/, forged.text.slice(0, 300));
      assert.doesNotMatch(forged.text, /kps_/);
      const outsider = await callFormAction(s.url, `/apps/${appId}`, rotate, [["appId", appId], ["grace", "now"]], { Cookie: cookie.outsider });
      assert.match(outsider.text, /Application not found/);
      assert.match(outsider.text, /"status":404/);
      assert.equal((await cliJson<{ secrets: unknown[] }>(d, ["apps", "show", clientId])).secrets.length, secretsBefore, "nothing was rotated");
      assert.equal((await page(s.url, `/apps/${appId}`, cookie.outsider)).status, 404);
      await getToken(s.url, clientId, newSecret);

      // Deleting is an admin's: a developer's forged delete is refused.
      const del = await callFormAction(s.url, `/apps/${appId}`, action("app/apps/actions.ts", "deleteAppAction"), [["appId", appId], ["confirmName", "Team billing sync"]], { Cookie: cookie.dev });
      assert.match(del.text, /"status":403/);
    });

    test("a removed member gets 404 on the next request; the last admin can neither step down nor leave", async () => {
      const remove = await callFormAction(s.url, `/teams/${slug}`, action("app/teams/actions.ts", "removeMemberAction"), [["teamId", teamId], ["userId", await userId(people.viewer)]], { Cookie: cookie.admin });
      assert.equal(remove.headers.get("x-action-redirect")?.split(";")[0], `/teams/${slug}?removed=1`, remove.text.slice(0, 300));
      assert.equal((await page(s.url, `/apps/${appId}`, cookie.viewer)).status, 404);
      assert.equal((await page(s.url, `/teams/${slug}`, cookie.viewer)).status, 404);

      const demote = await callFormAction(s.url, `/teams/${slug}`, action("app/teams/actions.ts", "changeRoleAction"), [["teamId", teamId], ["userId", await userId(people.admin)], ["role", "developer"]], { Cookie: cookie.admin });
      assert.match(demote.text, /at least one admin/);
      const leave = await callFormAction(s.url, `/teams/${slug}`, action("app/teams/actions.ts", "leaveTeamAction"), [["teamId", teamId]], { Cookie: cookie.admin });
      assert.match(leave.text, /last admin/);
      // A developer may not manage members.
      const devDemote = await callFormAction(s.url, `/teams/${slug}`, action("app/teams/actions.ts", "changeRoleAction"), [["teamId", teamId], ["userId", await userId(people.admin)], ["role", "viewer"]], { Cookie: cookie.dev });
      assert.match(devDemote.text, /"status":403/);
      const team = await cliJson<{ members: Array<{ email: string; role: string }> }>(d, ["teams", "show", slug]);
      assert.deepEqual(team.members.map((m) => [m.email, m.role]).sort(), [[people.admin, "admin"], [people.dev, "developer"]].sort());
    });

    test("organization on token requests: the team's slug or id → org_id and org_name; anything else → invalid_request", async () => {
      const secret = (await cliJson<{ client_secret: string }>(d, ["apps", "rotate-secret", clientId, "--grace", "1h"])).client_secret;
      const plain = decodeJwtPayload((await getToken(s.url, clientId, secret)).access_token);
      assert.equal(plain.org_id, undefined, "no organization, no org claims");
      for (const organization of [slug, teamId]) {
        const claims = decodeJwtPayload((await getToken(s.url, clientId, secret, { organization })).access_token);
        assert.equal(claims.org_id, teamId);
        assert.equal(claims.org_name, "Payments platform");
        assert.equal(claims.client_id, clientId);
      }
      // The JSON body Auth0 clients send.
      const json = await postJson(`${s.url}/oauth/token`, { grant_type: "client_credentials", client_id: clientId, client_secret: secret, audience: "urn:keyport:api", organization: slug });
      assert.equal(json.status, 200, json.text);
      assert.equal(decodeJwtPayload(String(json.body!.access_token)).org_id, teamId);
      for (const organization of ["someone-else", slug.toUpperCase(), (await cliJson<{ teams: Array<{ id: string; slug: string }> }>(d, ["teams", "list", "--search", "admin"])).teams[0]!.id]) {
        const res = await postForm(`${s.url}/oauth/token`, { grant_type: "client_credentials", organization }, { Authorization: basicAuth(clientId, secret) });
        assertOAuthError(res, 400, "invalid_request");
        assert.match(String(res.body!.error_description), /organization/);
      }
      const dup = await postForm(`${s.url}/oauth/token`, [["grant_type", "client_credentials"], ["organization", slug], ["organization", slug]], { Authorization: basicAuth(clientId, secret) });
      assertOAuthError(dup, 400, "invalid_request");
    });

    test("moving the app to another team (admin CLI) changes who has access and what org_id says, at once", async () => {
      const moved = await cliJson<{ changed: boolean; to: string }>(d, ["apps", "move-team", clientId, slugOfPersonal(people.outsider)]);
      assert.deepEqual([moved.changed, moved.to], [true, slugOfPersonal(people.outsider)]);
      assert.equal((await page(s.url, `/apps/${appId}`, cookie.dev)).status, 404);
      assert.equal((await page(s.url, `/apps/${appId}`, cookie.outsider)).status, 200);
      const secret = (await cliJson<{ client_secret: string }>(d, ["apps", "rotate-secret", clientId, "--grace", "0"])).client_secret;
      const res = await postForm(`${s.url}/oauth/token`, { grant_type: "client_credentials", organization: slug }, { Authorization: basicAuth(clientId, secret) });
      assertOAuthError(res, 400, "invalid_request");
    });

    async function userId(email: string): Promise<string> {
      const team = await cliJson<{ members: Array<{ email: string; user_id: string }> }>(d, ["teams", "show", slug]);
      const m = team.members.find((x) => x.email === email);
      assert.ok(m, email);
      return m.user_id;
    }
  });
}

/**
 * Run one query on the deployment's database. Embedded: the server holds PGlite, so it is stopped
 * meanwhile and started again on the same port (`get`/`set` swap the server handle).
 */
async function sql<T>(d: Deployment, get: () => KeyportServer, set: (s: KeyportServer) => void, query: string): Promise<T[]> {
  if (d.database) return queryDatabase(d.database.url, query) as Promise<T[]>;
  const server = get();
  await server.stop();
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const pg = await PGlite.create(path.join(d.dataDir, "pgdata"), { extensions: { pg_trgm } });
  try {
    return (await pg.query<T>(query)).rows;
  } finally {
    await pg.close();
    set(await startKeyport(d, { PORT: String(server.port) }));
  }
}

/** The personal team slug of a test address (its local part: lib/teams/personal-team-slug.ts). */
function slugOfPersonal(email: string): string {
  return email.split("@")[0]!.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 32).replace(/^-+|-+$/g, "");
}

// Credential and key lifecycle through the CLI while a production server runs: --json outputs and
// errors, disabling/enabling apps, secret rotation with and without grace, signing-key rotation.
// Runs once per selected backend (embedded: the CLI goes through the running server).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  cliJson,
  createApp,
  createDeployment,
  ensureBuild,
  runCli,
  selectedBackends,
  startKeyport,
  type CreatedApp,
  type Deployment,
  type KeyportServer,
} from "../support/keyport";
import { assertOAuthError, basicAuth, decodeJwtHeader, eventually, getToken, postForm, verifyAccessToken } from "../support/oauth";

const DEFAULT_AUDIENCE = "urn:keyport:api";
// Caches are invalidated "within a second" (issue 3); allow some slack on a loaded 2-core box.
const INVALIDATION_MS = 2500;

function tokenStatus(s: KeyportServer, id: string, secret: string) {
  return postForm(`${s.url}/oauth/token`, { grant_type: "client_credentials" }, { Authorization: basicAuth(id, secret) });
}

/** No stack traces or internals in CLI error output. */
function assertReadableError(stderr: string) {
  assert.ok(stderr.trim().length > 0, "error message on stderr");
  assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, `stack trace on stderr:\n${stderr}`);
}

for (const backend of selectedBackends()) {
  describe(`lifecycle via the CLI (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let watcher: CreatedApp; // introspects other apps' tokens

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend);
      s = await startKeyport(d);
      watcher = await createApp(d);
      // Only the token's own client or a registered resource server may introspect (RFC 7662 §2.1).
      await cliJson(d, ["audiences", "introspectors", "add", DEFAULT_AUDIENCE, watcher.client_id]);
    });
    after(async () => {
      await d?.dispose();
    });

    const introspect = (token: string) =>
      postForm(`${s.url}/oauth/introspect`, { token }, { Authorization: basicAuth(watcher.client_id, watcher.client_secret) });

    describe("CLI", () => {
      test("apps create --json: credentials once, active, with ≥128/256-bit id/secret", async () => {
        const app = await createApp(d, { scopes: "application.client domain.manage" });
        assert.equal(app.status, "active", "CLI-created apps are active even with approval scopes");
        assert.deepEqual([...app.scopes].sort(), ["application.client", "domain.manage"]);
        assert.deepEqual(app.audiences, [DEFAULT_AUDIENCE]);
        assert.equal(typeof app.id, "string");
        assert.equal(typeof app.name, "string");
        assert.match(app.client_id, /^[A-Za-z0-9._~-]+$/, "client_id is URL-safe");
        assert.ok(app.client_id.replace(/^[a-z]+_/, "").length >= 22, "≥128 bits of base64url");
        assert.ok(app.client_secret.replace(/^[a-z]+_/, "").length >= 43, "≥256 bits of base64url");
      });

      test("apps list / show --json never print a secret", async () => {
        const app = await createApp(d);
        const list = await runCli(d, ["apps", "list", "--json"]);
        assert.equal(list.code, 0, list.stderr);
        list.json(); // one JSON value
        assert.ok(list.stdout.includes(app.client_id));
        assert.ok(!list.stdout.includes(app.client_secret), "secret is shown only once");

        for (const ref of [app.id, app.client_id]) {
          const show = await runCli(d, ["apps", "show", ref, "--json"]);
          assert.equal(show.code, 0, show.stderr);
          const shown = show.json();
          assert.ok(show.stdout.includes(app.client_id));
          assert.ok(!show.stdout.includes(app.client_secret));
          assert.ok(!/digest/i.test(show.stdout), "no secret digests in output");
          assert.equal((shown.status ?? (shown.app as Record<string, unknown> | undefined)?.status), "active");
        }
        const human = await runCli(d, ["apps", "list"]);
        assert.equal(human.code, 0, human.stderr);
        assert.ok(human.stdout.includes(app.client_id));
      });

      test("errors: readable message on stderr, non-zero exit", async () => {
        const cases: string[][] = [
          ["apps", "show", "kp_no_such_app"],
          ["apps", "disable", "kp_no_such_app"],
          ["apps", "create", "--owner", "owner@example.test", "--scopes", "application.client"], // no --name
          ["apps", "create", "--name", "x", "--owner", "not-an-email", "--scopes", "application.client"],
          ["apps", "create", "--name", "x", "--owner", "owner@example.test", "--scopes", "no.such.scope"],
          ["apps", "rotate-secret", "kp_no_such_app"],
          ["no-such-command"],
        ];
        for (const args of cases) {
          const r = await runCli(d, args);
          assert.notEqual(r.code, 0, `keyport ${args.join(" ")} should fail:\n${r.stdout}`);
          assertReadableError(r.stderr);
        }
        const json = await runCli(d, ["apps", "show", "kp_no_such_app", "--json"]);
        assert.notEqual(json.code, 0);
      });

      test("admins add", async () => {
        const ok = await runCli(d, ["admins", "add", "admin@example.test"]);
        assert.equal(ok.code, 0, ok.stderr);
        const bad = await runCli(d, ["admins", "add", "not-an-email"]);
        assert.notEqual(bad.code, 0);
        assertReadableError(bad.stderr);
      });
    });

    describe("disabled apps", () => {
      test("disable → invalid_client and its tokens inactive; enable → works again", async () => {
        const app = await createApp(d);
        const t = await getToken(s.url, app.client_id, app.client_secret);
        assert.equal((await introspect(t.access_token)).body!.active, true);

        const off = await runCli(d, ["apps", "disable", app.client_id]);
        assert.equal(off.code, 0, off.stderr);
        const refused = await eventually(async () => (await tokenStatus(s, app.client_id, app.client_secret)).status === 401, INVALIDATION_MS);
        assert.ok(refused, "disabled app still gets tokens");
        assertOAuthError(await tokenStatus(s, app.client_id, app.client_secret), 401, "invalid_client");
        assert.deepEqual((await introspect(t.access_token)).body, { active: false }, "a disabled app's tokens are inactive");
        // A disabled client cannot use introspection or revocation either.
        const self = await postForm(`${s.url}/oauth/introspect`, { token: t.access_token }, { Authorization: basicAuth(app.client_id, app.client_secret) });
        assertOAuthError(self, 401, "invalid_client");

        const on = await runCli(d, ["apps", "enable", app.id]);
        assert.equal(on.code, 0, on.stderr);
        const back = await eventually(async () => (await tokenStatus(s, app.client_id, app.client_secret)).status === 200, INVALIDATION_MS);
        assert.ok(back, "re-enabled app gets tokens again");
        const shown = await cliJson(d, ["apps", "show", app.client_id]);
        assert.ok(JSON.stringify(shown).includes('"active"'));
      });
    });

    describe("secret rotation", () => {
      test("--grace 24h: old and new secrets both work; --grace 0 stops the previous one", async () => {
        const app = await createApp(d);
        const r1 = await cliJson<{ client_secret: string }>(d, ["apps", "rotate-secret", app.client_id, "--grace", "24h"]);
        assert.equal(typeof r1.client_secret, "string");
        assert.notEqual(r1.client_secret, app.client_secret);
        // Overlap: both work.
        assert.equal((await tokenStatus(s, app.client_id, r1.client_secret)).status, 200);
        assert.equal((await tokenStatus(s, app.client_id, app.client_secret)).status, 200);

        const r2 = await cliJson<{ client_secret: string }>(d, ["apps", "rotate-secret", app.id, "--grace", "0"]);
        assert.notEqual(r2.client_secret, r1.client_secret);
        assert.equal((await tokenStatus(s, app.client_id, r2.client_secret)).status, 200);
        const stopped = await eventually(async () => (await tokenStatus(s, app.client_id, r1.client_secret)).status === 401, INVALIDATION_MS);
        assert.ok(stopped, "the secret replaced with --grace 0 still works");
        assertOAuthError(await tokenStatus(s, app.client_id, r1.client_secret), 401, "invalid_client");
        // Tokens issued before the rotation stay valid until they expire.
        const t = await getToken(s.url, app.client_id, r2.client_secret);
        assert.equal((await introspect(t.access_token)).body!.active, true);
      });

      test("rotate-secret with an invalid grace is refused", async () => {
        const app = await createApp(d);
        const r = await runCli(d, ["apps", "rotate-secret", app.client_id, "--grace", "forever"]);
        assert.notEqual(r.code, 0);
        assertReadableError(r.stderr);
        assert.equal((await tokenStatus(s, app.client_id, app.client_secret)).status, 200, "failed rotation changes nothing");
      });
    });

    describe("signing-key rotation", () => {
      test("new tokens carry the new kid; old tokens still verify against the JWKS", async () => {
        const app = await createApp(d);
        const before = await getToken(s.url, app.client_id, app.client_secret);
        const oldKid = decodeJwtHeader(before.access_token).kid as string;

        const listed = await runCli(d, ["keys", "list", "--json"]);
        assert.equal(listed.code, 0, listed.stderr);
        assert.ok(listed.stdout.includes(oldKid));
        assert.ok(!/"(d|privateKey)"\s*:/.test(listed.stdout), "no private key material in keys list");

        const rotated = await runCli(d, ["keys", "rotate", "--json"]);
        assert.equal(rotated.code, 0, rotated.stderr);
        rotated.json();

        let after = before;
        const changed = await eventually(async () => {
          after = await getToken(s.url, app.client_id, app.client_secret);
          return decodeJwtHeader(after.access_token).kid !== oldKid;
        }, INVALIDATION_MS);
        assert.ok(changed, "tokens still signed with the old key after keys rotate");
        const newKid = decodeJwtHeader(after.access_token).kid as string;
        assert.ok(rotated.stdout.includes(newKid), "keys rotate --json names the new kid");

        const jwks = (await (await fetch(`${s.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
        const kids = jwks.keys.map((k) => k.kid);
        assert.ok(kids.includes(oldKid) && kids.includes(newKid), `JWKS: ${kids.join(", ")}`);

        const opts = { issuer: decodeJwtPayloadIss(before.access_token), audience: DEFAULT_AUDIENCE, fresh: true };
        await verifyAccessToken(s.url, before.access_token, opts);
        await verifyAccessToken(s.url, after.access_token, opts);
        assert.equal((await introspect(before.access_token)).body!.active, true, "old-key tokens stay active");

        const listedAfter = await runCli(d, ["keys", "list", "--json"]);
        assert.ok(listedAfter.stdout.includes(oldKid) && listedAfter.stdout.includes(newKid));
      });
    });
  });
}

function decodeJwtPayloadIss(token: string): string {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).iss as string;
}

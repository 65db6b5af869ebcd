// `keyport apps import` against a production server, once per selected backend (embedded: the CLI
// sends the file's content through the running server's local socket): a 10,000-line file, then
// tokens for imported client_ids with their long (HMAC) and short (scrypt) secrets — through
// openid-client as a migrating integration would — a repeat for the short one, wrong secrets
// refused; duplicates refused with their line numbers; --dry-run writes nothing; --notify sends
// real mail to a real SMTP server; CSV; and the catalog commands (scopes / audiences
// list|add|retire) the import relies on.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as oidc from "openid-client";
import { cliJson, createDeployment, ensureBuild, runCli, selectedBackends, startKeyport, type Deployment, type KeyportServer } from "../support/keyport";
import { assertOAuthError, basicAuth, postForm, verifyAccessToken } from "../support/oauth";
import { startSmtp, type SmtpCapture } from "../support/smtp";

const AUDIENCE = "urn:keyport:api";
const RECORDS = 10_000;

interface ImportJson {
  dry_run: boolean;
  records: number;
  imported: number;
  applications: number;
  new_owners: number;
  secrets: { hmac: number; scrypt: number; generated: number };
  errors: Array<{ line: number; field?: string; message: string }>;
  mail: { queued: number; sent: number };
  ms: number;
  created?: Array<{ line: number; id: string; client_id: string }>;
  credentials?: Array<{ line: number; client_id: string; client_secret: string }>;
  plan?: Array<{ line: number; client_id: string | null; owner: string; owner_is_new: boolean; secret: string }>;
}

/** Record i of the big file: every 100th a short secret, every 250th (from 1) none, the rest long. */
function bigRecord(run: string, i: number) {
  const record: Record<string, unknown> = {
    name: `Migrated ${i}`,
    owner: `team${i % 20}-${run}@example.test`,
    scopes: i % 2 ? "application.client" : ["application.client"],
    client_id: `legacy-${run}-${i}`,
  };
  if (i % 100 === 0) record.client_secret = `pw-${run}-${i}`.slice(0, 20); // short: scrypt
  else if (i % 250 !== 1) record.client_secret = `legacy-long-secret-${run}-${i}-`.padEnd(48, "z");
  return record;
}

function tokenRequest(s: KeyportServer, clientId: string, secret: string) {
  return postForm(`${s.url}/oauth/token`, { grant_type: "client_credentials" }, { Authorization: basicAuth(clientId, secret) });
}

for (const backend of selectedBackends()) {
  describe(`apps import (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let smtp: SmtpCapture;
    let dir: string;
    const run = `r${process.pid}`;
    const file = (name: string, content: string) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    };
    const importCli = async (args: string[], timeoutMs = 60_000) => {
      const r = await runCli(d, ["apps", "import", ...args, "--json"], {}, timeoutMs);
      return { code: r.code, stdout: r.stdout, stderr: r.stderr, json: r.json<ImportJson>() };
    };

    before(async () => {
      ensureBuild();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "kp-import-"));
      smtp = await startSmtp();
      d = await createDeployment(backend, { SMTP_URL: smtp.url });
      s = await startKeyport(d);
    });
    after(async () => {
      await d?.dispose();
      await smtp?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("a 10,000-line file", () => {
      let result: ImportJson;
      let stdout: string;

      before(async () => {
        const lines = Array.from({ length: RECORDS }, (_, i) => JSON.stringify(bigRecord(run, i)));
        const started = Date.now();
        const r = await importCli([file("big.jsonl", lines.join("\n") + "\n")], 300_000);
        const wall = Date.now() - started;
        assert.equal(r.code, 0, `${r.stderr}\n${r.stdout.slice(0, 2000)}`);
        result = r.json;
        stdout = r.stdout;
        // Reported, not asserted (performance is for `npm run bench`).
        console.log(`# ${backend}: imported ${RECORDS} records in ${result.ms} ms (CLI wall clock ${wall} ms)`);
      });

      test("every record is imported, with counts; imported secrets are not printed, generated ones once", () => {
        assert.equal(result.dry_run, false);
        assert.equal(result.records, RECORDS);
        assert.equal(result.imported, RECORDS);
        assert.deepEqual(result.errors, []);
        assert.deepEqual(result.secrets, { hmac: 9860, scrypt: 100, generated: 40 });
        assert.equal(result.new_owners, 20);
        assert.equal(result.created!.length, RECORDS);
        assert.equal(result.credentials!.length, 40);
        assert.deepEqual(result.mail, { queued: 0, sent: 0 }, "no mail without --notify");
        for (const i of [0, 2, 100, 9999]) {
          const secret = bigRecord(run, i).client_secret as string;
          assert.ok(!stdout.includes(secret), `the imported secret of line ${i + 1} is not printed`);
        }
        assert.equal(smtp.mails.length, 0, "nothing mailed");
      });

      test("a token for an imported client_id with its long secret (HMAC), as a resource server verifies it", async () => {
        const rec = bigRecord(run, 2);
        const res = await tokenRequest(s, rec.client_id as string, rec.client_secret as string);
        assert.equal(res.status, 200, res.text);
        const { payload } = await verifyAccessToken(s.url, res.body!.access_token as string, { issuer: s.url, audience: AUDIENCE });
        assert.equal(payload.client_id, rec.client_id);
        assert.equal(payload.scope, "application.client");
      });

      test("a short (scrypt) secret works through openid-client, Basic and post, and again on repeat", async () => {
        const rec = bigRecord(run, 300);
        const clientId = rec.client_id as string;
        const secret = rec.client_secret as string;
        assert.ok(secret.length < 32);
        for (const auth of [oidc.ClientSecretBasic(secret), oidc.ClientSecretPost(secret)]) {
          const config = await oidc.discovery(new URL(s.url), clientId, secret, auth, { execute: [oidc.allowInsecureRequests], algorithm: "oauth2" });
          for (let k = 0; k < 3; k++) {
            const tokens = await oidc.clientCredentialsGrant(config, {});
            const { payload } = await verifyAccessToken(s.url, tokens.access_token, { issuer: s.url, audience: AUDIENCE });
            assert.equal(payload.client_id, clientId);
          }
        }
      });

      test("wrong secrets are refused: a near miss of a short one, another client's, a long one's prefix", async () => {
        const short = bigRecord(run, 400);
        assertOAuthError(await tokenRequest(s, short.client_id as string, `${short.client_secret as string}x`), 401, "invalid_client");
        assertOAuthError(await tokenRequest(s, short.client_id as string, bigRecord(run, 500).client_secret as string), 401, "invalid_client");
        const long = bigRecord(run, 4);
        assertOAuthError(await tokenRequest(s, long.client_id as string, (long.client_secret as string).slice(0, 20)), 401, "invalid_client");
        // The right one still works afterwards (the failures are counted per client, not yet blocking).
        assert.equal((await tokenRequest(s, short.client_id as string, short.client_secret as string)).status, 200);
      });

      test("a generated secret (a record without client_secret) works", async () => {
        const c = result.credentials![0]!;
        assert.equal(c.client_id, bigRecord(run, c.line - 1).client_id);
        assert.equal((await tokenRequest(s, c.client_id, c.client_secret)).status, 200);
      });

      test("importing the same file again: every client_id refused with its line number, nothing written", async () => {
        const again = await importCli([file("again.jsonl", [JSON.stringify({ name: "New one", owner: "n@example.test", scopes: "application.client", client_id: `fresh-${run}` }), JSON.stringify(bigRecord(run, 7))].join("\n"))]);
        assert.equal(again.code, 1, again.stderr);
        assert.equal(again.json.imported, 0);
        assert.deepEqual(
          again.json.errors.map((e) => [e.line, e.field, e.message]),
          [
            [2, "client_id", `client_id: "legacy-${run}-7" already exists in Keyport`],
            [2, "client_secret", "client_secret: already the secret of another application"],
          ],
        );
        const show = await runCli(d, ["apps", "show", `fresh-${run}`, "--json"]);
        assert.equal(show.code, 1, "the valid line was not imported either");
      });
    });

    test("duplicates within one file are refused with both line numbers; text output names the lines", async () => {
      const content = [
        JSON.stringify({ name: "Dup A", owner: "dup@example.test", scopes: "application.client", client_id: `dup-${run}` }),
        JSON.stringify({ name: "Dup B", owner: "dup@example.test", scopes: "application.client" }),
        JSON.stringify({ name: "Dup C", owner: "dup@example.test", scopes: "application.client", client_id: `dup-${run}` }),
      ].join("\n");
      const r = await runCli(d, ["apps", "import", file("dup.jsonl", content)]);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^Import refused: 1 problem\(s\) in 3 record\(s\); nothing was written\.$/m);
      assert.match(r.stdout, new RegExp(`^  line 3: client_id: "dup-${run}" is already on line 1$`, "m"));
      assert.equal((await runCli(d, ["apps", "show", `dup-${run}`])).code, 1);
    });

    test("--dry-run shows the plan (owners to create included) and writes nothing", async () => {
      const content = [
        JSON.stringify({ name: "Dry", owner: `dry-${run}@example.test`, scopes: "application.client", client_id: `dry-${run}`, client_secret: "dry-run-secret" }),
        JSON.stringify({ name: "Dry 2", owner: `dry-${run}@example.test`, scopes: "application.client" }),
      ].join("\n");
      const r = await importCli(["--dry-run", file("dry.jsonl", content)]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.json.dry_run, true);
      assert.equal(r.json.imported, 0);
      assert.deepEqual(
        r.json.plan!.map((p) => [p.line, p.client_id, p.owner_is_new, p.secret]),
        [
          [1, `dry-${run}`, true, "scrypt"],
          [2, null, true, "generated"],
        ],
      );
      assert.ok(!r.stdout.includes("dry-run-secret"));
      assert.equal((await runCli(d, ["apps", "show", `dry-${run}`])).code, 1, "nothing was created");
      const list = await cliJson<{ total: number }>(d, ["apps", "list", "--search", `dry-${run}@example.test`]);
      assert.equal(list.total, 0);
    });

    test("--notify sends real mail: a notice without the secret for an imported one, the credentials for a generated one — which work", async () => {
      const owner = `notify-${run}@example.test`;
      const kept = "kept-secret-of-the-old-service-0123456789";
      const content = [
        JSON.stringify({ name: "Kept secret", owner, scopes: "application.client", client_id: `notify-kept-${run}`, client_secret: kept }),
        JSON.stringify({ name: "New secret", owner, scopes: "application.client", client_id: `notify-new-${run}` }),
      ].join("\n");
      const r = await importCli(["--notify", file("notify.jsonl", content)]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.json.imported, 2);
      assert.deepEqual(r.json.credentials, [], "a mailed secret is not printed too");
      const mails = await smtp.waitFor(owner, 2);
      const notice = mails.find((m) => m.subject === "Kept secret has moved to Keyport");
      const creds = mails.find((m) => m.subject === "Credentials for New secret");
      assert.ok(notice && creds, mails.map((m) => m.subject).join(", "));
      assert.ok(notice.text.includes(`notify-kept-${run}`));
      assert.ok(!notice.text.includes(kept) && !notice.html.includes(kept), "an imported secret is never mailed");
      assert.ok(notice.text.includes(`${s.url}/oauth/token`));
      const mailed = /client_secret:\s+(kps_[A-Za-z0-9_-]+)/.exec(creds.text)?.[1];
      assert.ok(mailed, creds.text);
      assert.equal((await tokenRequest(s, `notify-new-${run}`, mailed)).status, 200);
      assert.equal((await tokenRequest(s, `notify-kept-${run}`, kept)).status, 200);
    });

    test("CSV with the same columns imports too; a bad row names its line", async () => {
      const ok = ["name,owner,scopes,client_id,client_secret,token_ttl", `"Csv, one",csv-${run}@example.test,application.client,csv-${run},csv-secret-123,900`].join("\r\n");
      const r = await importCli([file("apps.csv", ok)]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.equal(r.json.imported, 1);
      const shown = await cliJson<{ name: string; token_lifetime: number; status: string }>(d, ["apps", "show", `csv-${run}`]);
      assert.deepEqual([shown.name, shown.token_lifetime, shown.status], ["Csv, one", 900, "active"]);
      assert.equal((await tokenRequest(s, `csv-${run}`, "csv-secret-123")).status, 200);
      const bad = await importCli([file("bad.csv", "name,owner,scopes\nfine,a@example.test,application.client\nbroken,not-an-email,application.client\n")]);
      assert.equal(bad.code, 1);
      assert.deepEqual(bad.json.errors.map((e) => [e.line, e.field]), [[3, "owner"]]);
    });

    test("an unreadable file is a readable error", async () => {
      const r = await runCli(d, ["apps", "import", path.join(dir, "missing.jsonl")]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim(), `keyport: cannot read ${path.join(dir, "missing.jsonl")} (ENOENT)`);
    });

    describe("CLI catalogs", () => {
      const scope = `reports-${run}.read`;
      const audience = `https://reports-${run}.example.test`;

      test("scopes add / list, audiences add / list, and an import that uses them", async () => {
        const added = await cliJson<{ name: string; requires_approval: boolean }>(d, ["scopes", "add", scope, "--description", "Read reports", "--requires-approval"]);
        assert.deepEqual(added, { ...added, name: scope, requires_approval: true });
        const dup = await runCli(d, ["scopes", "add", scope, "--description", "again"]);
        assert.equal(dup.code, 1);
        assert.match(dup.stderr, /already exists/);
        const aud = await cliJson<{ identifier: string; name: string }>(d, ["audiences", "add", audience, "--name", "Reports API"]);
        assert.equal(aud.identifier, audience);
        const bad = await runCli(d, ["audiences", "add", "not a uri", "--name", "x"]);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /absolute URI/);

        const r = await importCli([file("catalog.jsonl", JSON.stringify({ name: "Reports", owner: `cat-${run}@example.test`, scopes: [scope], audiences: [audience], client_id: `cat-${run}`, client_secret: "catalog-secret" }))]);
        assert.equal(r.code, 0, r.stdout);
        const tokenRes = await tokenRequest(s, `cat-${run}`, "catalog-secret");
        assert.equal(tokenRes.status, 200, tokenRes.text);
        const { payload } = await verifyAccessToken(s.url, tokenRes.body!.access_token as string, { issuer: s.url, audience });
        assert.equal(payload.scope, scope, "an imported app is active even with a scope that needs approval");

        const scopes = await cliJson<{ scopes: Array<{ name: string; grant_count: number; requires_approval: boolean; retired_at: string | null }> }>(d, ["scopes", "list"]);
        assert.deepEqual(scopes.scopes.find((x) => x.name === scope), { ...scopes.scopes.find((x) => x.name === scope)!, grant_count: 1, requires_approval: true, retired_at: null });
        const audiences = await cliJson<{ audiences: Array<{ identifier: string; grant_count: number; is_default: boolean }> }>(d, ["audiences", "list"]);
        assert.equal(audiences.audiences.find((a) => a.identifier === audience)?.grant_count, 1);
        assert.equal(audiences.audiences.find((a) => a.identifier === AUDIENCE)?.is_default, true);
        const text = await runCli(d, ["scopes", "list"]);
        assert.match(text.stdout, /^SCOPE +APPROVAL +STATUS +GRANTS +DESCRIPTION$/m);
      });

      test("scopes retire / audiences retire: refused with the holders listed until their count is confirmed; then imports refuse them", async () => {
        const unconfirmed = await runCli(d, ["scopes", "retire", scope]);
        assert.equal(unconfirmed.code, 1);
        assert.match(unconfirmed.stderr, new RegExp(`Scope ${scope.replace(/\./g, "\\.")} is granted to 1 application`));
        assert.match(unconfirmed.stderr, new RegExp(`cat-${run}`));
        assert.match(unconfirmed.stderr, /--grants 1/);
        const wrong = await runCli(d, ["scopes", "retire", scope, "--grants", "0"]);
        assert.equal(wrong.code, 1);
        const retired = await cliJson<{ retired: boolean; grant_count: number }>(d, ["scopes", "retire", scope, "--grants", "1"]);
        assert.deepEqual(retired, { name: scope, retired: true, grant_count: 1 });
        assert.equal((await cliJson<{ retired: boolean }>(d, ["audiences", "retire", audience, "--grants", "1"])).retired, true);
        const def = await runCli(d, ["audiences", "retire", AUDIENCE, "--grants", "999999"]);
        assert.equal(def.code, 1);

        const r = await importCli([file("retired.jsonl", JSON.stringify({ name: "Late", owner: `late-${run}@example.test`, scopes: [scope], audiences: audience }))]);
        assert.equal(r.code, 1);
        assert.deepEqual(r.json.errors.map((e) => [e.line, e.field]), [
          [1, "scopes"],
          [1, "audiences"],
        ]);
        // The application that held them keeps working.
        assert.equal((await tokenRequest(s, `cat-${run}`, "catalog-secret")).status, 200);
      });
    });
  });
}

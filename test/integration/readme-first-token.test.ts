// Issue #12 item 2: the README's "First token in a minute" runs as pasted. The fenced block is read
// from README.md itself and run by bash against a started Keyport — the CLI registering the app
// (through the running server's local socket when embedded), `eval` of its `--format env` output,
// then the curl — and the token that comes back is verified against the JWKS.
//
// The one change made to the block: the README's `http://localhost:3000` (where `npm start`
// listens) becomes this test server's URL, since several test runs share this machine.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, cliJson, createApp, createDeployment, ensureBuild, selectedBackends, startKeyport, type Deployment, type KeyportServer } from "../support/keyport";
import { verifyAccessToken } from "../support/oauth";

const README_ORIGIN = "http://localhost:3000";

/** The first sh block under the "## First token in a minute" heading. */
function firstTokenBlock(readme: string): string {
  const section = readme.split(/^## /m).find((s) => s.startsWith("First token in a minute"));
  assert.ok(section, 'README.md has a "## First token in a minute" section');
  const block = /^```sh\n([\s\S]*?)^```$/m.exec(section)?.[1];
  assert.ok(block, "that section has a sh block");
  return block;
}

function runBash(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", script], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

for (const backend of selectedBackends()) {
  describe(`README "First token in a minute" (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    // The deployment's configuration, as `npm start` in the same folder would have it.
    const shellEnv = () => ({ ...d.env, KEYPORT_ISSUER: s.url });

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend);
      s = await startKeyport(d);
    });
    after(async () => {
      await d?.dispose();
    });

    test("the block, run by bash, registers the app and gets a verifiable token", async () => {
      const block = firstTokenBlock(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
      assert.ok(block.includes(`${README_ORIGIN}/oauth/token`), "the block calls the token endpoint of `npm start`");
      assert.match(block, /--format env/);
      const r = await runBash(block.replaceAll(README_ORIGIN, s.url), shellEnv());
      assert.equal(r.code, 0, `bash exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);

      // stdout is curl's answer alone: the credentials went into the shell's variables, not the terminal.
      const body = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.equal(body.token_type, "Bearer", r.stdout);
      assert.equal(body.scope, "application.client");
      assert.equal(typeof body.expires_in, "number");
      assert.doesNotMatch(r.stdout, /kps_/, "the secret is not printed");
      const { payload } = await verifyAccessToken(s.url, body.access_token as string, { issuer: s.url, audience: "urn:keyport:api" });

      // The app is the one the block registered.
      const app = await cliJson<{ name: string; owner: string; status: string }>(d, ["apps", "show", payload.client_id as string]);
      assert.equal(app.name, "Billing sync");
      assert.equal(app.owner, "alice@example.com");
      assert.equal(app.status, "active");
    });

    test("--format env is refused, before any change, by a command that yields no credentials", async () => {
      const app = await createApp(d);
      const r = await runBash(`npm run -s keyport -- apps disable ${app.client_id} --format env`, shellEnv());
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, "", "nothing for eval to run");
      assert.match(r.stderr, /--format env is not available for "apps disable"/);
      assert.equal((await cliJson<{ status: string }>(d, ["apps", "show", app.client_id])).status, "active");
    });
  });
}

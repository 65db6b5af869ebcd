// --format env: what the CLI prints is evaluated by a real bash, with values that would break or
// exploit naive quoting.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { shellExports, shellQuote } from "./shell-exports";
import { formatCliOutput, outputFormat } from "./format-cli-output";
import { CliUsageError } from "./commands/cli-command";

/** Run `eval "$line"` in bash and print the variables back as JSON. */
function evalInBash(line: string, names: string[]): Record<string, string> {
  const script = `eval "$LINE"; node -e 'const o={};for(const n of process.argv.slice(1))o[n]=process.env[n];process.stdout.write(JSON.stringify(o))' ${names.join(" ")}`;
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LINE: line } as Record<string, string> as NodeJS.ProcessEnv;
  const r = spawnSync("bash", ["-c", script], { env, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, string>;
}

test("shellExports prints one export line that bash evaluates to exactly the values", () => {
  const line = shellExports({ CLIENT_ID: "kp_abc123", CLIENT_SECRET: "kps_x-y_Z" });
  assert.equal(line, "export CLIENT_ID='kp_abc123' CLIENT_SECRET='kps_x-y_Z'");
  assert.deepEqual(evalInBash(line, ["CLIENT_ID", "CLIENT_SECRET"]), { CLIENT_ID: "kp_abc123", CLIENT_SECRET: "kps_x-y_Z" });
});

test("quotes, $, backquotes, ; and newlines arrive as data, never as commands", () => {
  const nasty = `it's $(touch /tmp/pwned-$$) \`id\` "q" ; exit 3\nline2 \\ *`;
  assert.deepEqual(evalInBash(shellExports({ V: nasty }), ["V"]), { V: nasty });
  assert.equal(shellQuote("a'b"), `'a'\\''b'`);
});

test("shellExports refuses names that are not shell variables, and an empty set", () => {
  assert.throws(() => shellExports({ "CLIENT-ID": "x" }), /not a shell variable name/);
  assert.throws(() => shellExports({ "A=B; rm": "x" }), /not a shell variable name/);
  assert.throws(() => shellExports({}), /no variables/);
});

test("outputFormat: --json, --format json|text|env, and contradictions", () => {
  assert.equal(outputFormat({}), "text");
  assert.equal(outputFormat({ json: true }), "json");
  assert.equal(outputFormat({ format: "env" }), "env");
  assert.equal(outputFormat({ format: "json", json: true }), "json");
  assert.throws(() => outputFormat({ format: "yaml" }), (e: unknown) => e instanceof CliUsageError && /--format must be one of text, json, env/.test(e.message));
  assert.throws(() => outputFormat({ format: "env", json: true }), CliUsageError);
});

test("formatCliOutput: env only where the command yields credentials", () => {
  const out = { json: { a: 1 }, text: "hello", env: { CLIENT_ID: "kp_1" } };
  assert.equal(formatCliOutput(out, "text", "apps create"), "hello\n");
  assert.equal(formatCliOutput(out, "json", "apps create"), '{\n  "a": 1\n}\n');
  assert.equal(formatCliOutput(out, "env", "apps create"), "export CLIENT_ID='kp_1'\n");
  assert.throws(() => formatCliOutput({ json: {}, text: "x" }, "env", "apps list"), /--format env is not available for "apps list"/);
});

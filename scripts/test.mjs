#!/usr/bin/env node
// npm test — everything, from a fresh machine: set-up (Chromium, Prisma client), typecheck, unit
// tests, one production build, integration tests (embedded PGlite; PostgreSQL when
// TEST_DATABASE_URL is set), then Playwright. Exits non-zero on any failure and ends with one line
// "N passed, N failed" summing what ran (typecheck and build count as one check each).
//
// env: TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres) enables the PostgreSQL
//      run; NEXT_DIST_DIR (default .next-test) is the build folder every step shares.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = process.env.NEXT_DIST_DIR || ".next-test";
const started = Date.now();
const totals = { passed: 0, failed: 0 };
const failures = [];
const notes = [];

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", NEXT_DIST_DIR: DIST };

function banner(title) {
  const t = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`\n\x1b[1m━━ ${title} \x1b[0m(+${t}s)`);
}

/** Run a command with inherited output; resolves to its exit code. */
function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...env, ...opts.env }, stdio: "inherit" });
    const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs) : undefined;
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 128 : 1));
    });
    child.on("error", (err) => {
      console.error(`${cmd}: ${err.message}`);
      resolve(127);
    });
  });
}

function check(name, ok) {
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(name);
  }
}

/** Test files under `dir` whose name ends with `suffix` (Node 20's --test does not expand globs). */
function findFiles(dir, suffix) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name === "generated" || e.name.startsWith(".")) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(suffix)) out.push(path.relative(ROOT, p));
    }
  };
  walk(path.join(ROOT, dir));
  return out.sort();
}

/**
 * node:test run: spec output on the console, TAP into a file whose summary ("# pass N",
 * "# fail N") is added to the totals.
 */
async function nodeTests(name, files, extraArgs = [], extraEnv = {}) {
  banner(name);
  if (files.length === 0) {
    console.log("no test files: skipped");
    notes.push(`${name}: no test files`);
    return;
  }
  const tap = path.join(os.tmpdir(), `keyport-test-${process.pid}-${name.replace(/\W+/g, "-")}.tap`);
  const code = await run(
    process.execPath,
    [
      "--import",
      "tsx",
      "--test",
      ...extraArgs,
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { env: extraEnv, timeoutMs: 15 * 60_000 },
  );
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, "utf8") : "";
  fs.rmSync(tap, { force: true });
  const count = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)$`, "m")) ?? [])[1] ?? 0);
  const passed = count("pass");
  const failed = count("fail") + count("cancelled");
  totals.passed += passed;
  totals.failed += failed;
  if (failed > 0) failures.push(`${name}: ${failed} failed`);
  if (code !== 0 && failed === 0) {
    totals.failed++;
    failures.push(`${name}: exited ${code}`);
  }
  console.log(`${name}: ${passed} passed, ${failed} failed`);
}

// ---- 1. set-up ------------------------------------------------------------------------------
banner("set-up");
const CHROMIUM = "/usr/bin/chromium";
let chromiumOk = fs.existsSync(CHROMIUM);
if (!chromiumOk) {
  if (process.getuid?.() === 0) {
    console.log("Chromium missing: apt-get install -y chromium");
    chromiumOk =
      (await run("apt-get", ["update"])) === 0 && (await run("apt-get", ["install", "-y", "chromium"], { env: { DEBIAN_FRONTEND: "noninteractive" } })) === 0;
  } else {
    console.log(`Chromium is not installed at ${CHROMIUM} and this is not root: install it with\n  sudo apt-get install -y chromium\nPlaywright tests will not run.`);
  }
}
// A second, independent client library for the private_key_jwt tests: Debian's PyJWT.
const pythonOk = () => spawnSync("/usr/bin/python3", ["-c", "import jwt, requests"], { stdio: "ignore" }).status === 0;
if (!pythonOk()) {
  if (process.getuid?.() === 0) {
    console.log("PyJWT missing: apt-get install -y python3-jwt python3-requests");
    if ((await run("apt-get", ["update"])) === 0) {
      await run("apt-get", ["install", "-y", "python3", "python3-jwt", "python3-requests"], { env: { DEBIAN_FRONTEND: "noninteractive" } });
    }
  } else {
    console.log("PyJWT is not installed and this is not root: sudo apt-get install -y python3-jwt python3-requests");
  }
}
if (!fs.existsSync(path.join(ROOT, "lib/generated/prisma"))) {
  console.log("Prisma client missing: prisma generate");
  check("prisma generate", (await run("npx", ["prisma", "generate"])) === 0);
}
console.log(`build dir: ${DIST}; PostgreSQL: ${process.env.TEST_DATABASE_URL ? "TEST_DATABASE_URL set" : "not configured"}`);

// ---- 2. typecheck -----------------------------------------------------------------------------
banner("typecheck (tsc --noEmit)");
check("typecheck", (await run("npx", ["tsc", "--noEmit"], { timeoutMs: 10 * 60_000 })) === 0);

// ---- 3. unit tests ----------------------------------------------------------------------------
await nodeTests("unit tests", findFiles("lib", ".test.ts"), ["--test-timeout=120000"]);

// ---- 4. production build --------------------------------------------------------------------
banner(`production build (NEXT_DIST_DIR=${DIST})`);
const built = (await run("npx", ["next", "build"], { timeoutMs: 10 * 60_000 })) === 0;
check("next build", built);

// ---- 5. integration tests ---------------------------------------------------------------------
const integration = findFiles("test/integration", ".test.ts");
const itArgs = ["--test-concurrency=1", "--test-timeout=300000"];
if (!built) {
  console.log("build failed: integration and browser tests skipped");
} else {
  await nodeTests("integration tests (embedded PGlite)", integration, itArgs, { KEYPORT_IT_BACKENDS: "embedded" });
  if (process.env.TEST_DATABASE_URL) {
    await nodeTests("integration tests (PostgreSQL)", integration, itArgs, { KEYPORT_IT_BACKENDS: "postgres" });
  } else {
    banner("integration tests (PostgreSQL)");
    console.log("skipped: set TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres to run them");
    notes.push("PostgreSQL integration tests skipped (TEST_DATABASE_URL not set)");
  }
}

// ---- 6. browser tests -------------------------------------------------------------------------
banner("browser tests (Playwright)");
const pwConfig = ["playwright.config.ts", "playwright.config.mjs", "playwright.config.js"].find((f) => fs.existsSync(path.join(ROOT, f)));
if (!pwConfig) {
  console.log("no playwright.config.ts yet: skipped");
  notes.push("Playwright skipped (no config)");
} else if (!built) {
  console.log("build failed: skipped");
} else {
  const list = spawnSync("npx", ["playwright", "test", "--list"], { cwd: ROOT, env, encoding: "utf8" });
  const total = Number((list.stdout.match(/Total: (\d+) tests?/) ?? [])[1] ?? 0);
  if (list.status !== 0 && !/No tests found/i.test(list.stdout + list.stderr)) {
    console.log(list.stdout, list.stderr);
    check("playwright --list", false);
  } else if (total === 0) {
    console.log("no e2e tests yet: skipped");
    notes.push("Playwright skipped (no tests)");
  } else if (!chromiumOk) {
    check("playwright (chromium missing)", false);
  } else {
    const json = path.join(os.tmpdir(), `keyport-playwright-${process.pid}.json`);
    const code = await run("npx", ["playwright", "test", "--reporter=list,json"], {
      env: { PLAYWRIGHT_JSON_OUTPUT_NAME: json, PLAYWRIGHT_JSON_OUTPUT_FILE: json, CI: process.env.CI ?? "1" },
      timeoutMs: 15 * 60_000,
    });
    let stats;
    try {
      stats = JSON.parse(fs.readFileSync(json, "utf8")).stats;
    } catch {
      stats = undefined;
    }
    fs.rmSync(json, { force: true });
    if (stats) {
      // A flaky test passed on retry: counted as passed, but named so nobody misses it.
      const failed = stats.unexpected ?? 0;
      totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
      totals.failed += failed;
      if (failed) failures.push(`playwright: ${failed} failed`);
      if (stats.flaky) notes.push(`playwright: ${stats.flaky} flaky (passed on retry)`);
      console.log(`playwright: ${(stats.expected ?? 0) + (stats.flaky ?? 0)} passed, ${failed} failed, ${stats.skipped ?? 0} skipped`);
    }
    if (code !== 0 && !(stats && (stats.unexpected ?? 0) > 0)) check(`playwright exited ${code}`, false);
  }
}

// ---- summary ------------------------------------------------------------------------------------
banner("summary");
for (const n of notes) console.log(`note: ${n}`);
for (const f of failures) console.log(`FAILED: ${f}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);

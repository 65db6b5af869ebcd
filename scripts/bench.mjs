#!/usr/bin/env node
// npm run bench — token-endpoint throughput of the production server, RS256 then ES256, on a fresh
// PostgreSQL database (kp_bench_<random>, dropped afterwards; embedded PGlite if PostgreSQL is not
// reachable, and it says so). Load comes from ../shared/bench/token-load.sh (wrk, 32 connections);
// where ../shared/bench exists the floor server (plain node:http + jose) is measured in the same
// run, interleaved, and the ratio Keyport/floor is printed. Ends with a markdown table.
//
// env: BENCH_DATABASE_URL (default TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres)
//      BENCH_ALGS="RS256 ES256"  SECS=10  WARM=3  CONNS=32  REPS=1
//      NEXT_DIST_DIR (default .next-bench)  BENCH_PEERS (default /tmp/bench-peers)
//
// npm run bench -- --apps N — scale: seeds 10 applications (lib/apps/seed-apps.ts through
// scripts/seed-apps.ts), measures Keyport with requests spread uniformly over them
// (scripts/bench/token-load-many.lua: a random client per request) and the floor; then seeds up to N
// and measures Keyport again, in the same run. Reports both figures, their ratio, p99 and the
// server's RSS (VmRSS and peak VmHWM from /proc) at the end of each measurement.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SHARED_BENCH = path.resolve(ROOT, "../shared/bench");
const LOCAL_LOAD = path.join(SHARED_BENCH, "token-load.sh");
const DIST = process.env.NEXT_DIST_DIR || ".next-bench";
const PEERS = process.env.BENCH_PEERS || "/tmp/bench-peers";
const ALGS = (process.env.BENCH_ALGS || "RS256 ES256").split(/\s+/).filter(Boolean);
const SECS = Number(process.env.SECS || 10);
const WARM = Number(process.env.WARM || 3);
const CONNS = Number(process.env.CONNS || 32);
const REPS = Number(process.env.REPS || 1);
const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 20;
const APPS = (() => {
  const i = process.argv.indexOf("--apps");
  if (i < 0) return 0;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 10 || n > 1_000_000) throw new Error("--apps takes a number from 10 to 1000000");
  return n;
})();
const SMALL_APPS = 10;
const MANY_LUA = path.join(ROOT, "scripts/bench/token-load-many.lua");
const SCALE_TARGET_RATIO = 0.85;
const SCALE_TARGET_P99_MS = 25;
const SCALE_TARGET_RSS_MB = 500;

const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const die = (msg) => {
  log(`FATAL: ${msg}`);
  process.exitCode = 1;
  throw new Error(msg);
};
const baseEnv = () => {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", NEXT_DIST_DIR: DIST };
  for (const k of Object.keys(env)) if (/^(KEYPORT_|DATABASE_URL$|PORT$)/.test(k)) delete env[k];
  return env;
};

// ---- processes started here (only these are ever signalled) --------------------------------------
const children = new Set();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function startProcess(args, env, logFile) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  const out = fs.createWriteStream(logFile);
  let text = "";
  const onData = (d) => {
    out.write(d);
    if (text.length < 65536) text += d.toString();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      children.delete(child);
      out.end();
      resolve({ code, signal });
    }),
  );
  return { child, exited, output: () => text };
}

async function stopProcess(p) {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  const t = setTimeout(() => p.child.kill("SIGKILL"), 15_000);
  await p.exited;
  clearTimeout(t);
}

async function waitFor(p, check, what, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) die(`${what} exited during start-up:\n${p.output()}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  die(`${what} not ready within ${timeoutMs} ms:\n${p.output()}`);
}

function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", ...opts });
}

// ---- prerequisites -----------------------------------------------------------------------------------
function ensureWrk() {
  if (sh("sh", ["-c", "command -v wrk"]).status === 0) return;
  if (process.getuid?.() !== 0) die("wrk is not installed (sudo apt-get install -y wrk)");
  log("installing wrk (apt-get)");
  if (sh("apt-get", ["update"], { stdio: "inherit" }).status !== 0 || sh("apt-get", ["install", "-y", "wrk"], { stdio: "inherit" }).status !== 0) {
    die("apt-get install wrk failed");
  }
}

function ensurePeers() {
  // The floor server resolves jose from BENCH_PEERS, outside any repository (see ../shared/bench/README.md).
  if (fs.existsSync(path.join(PEERS, "node_modules/jose/package.json"))) return true;
  log(`installing jose into ${PEERS}`);
  fs.mkdirSync(PEERS, { recursive: true });
  if (!fs.existsSync(path.join(PEERS, "package.json"))) fs.writeFileSync(path.join(PEERS, "package.json"), '{"name":"bench-peers","private":true}\n');
  return sh("npm", ["install", "--no-audit", "--no-fund", "jose"], { cwd: PEERS, stdio: "inherit" }).status === 0;
}

function ensureBuild() {
  if (fs.existsSync(path.join(ROOT, DIST, "BUILD_ID"))) return;
  log(`building into ${DIST}`);
  if (sh("npx", ["next", "build"], { env: baseEnv(), stdio: "inherit" }).status !== 0) die("next build failed");
}

function assertLocal(url) {
  const u = new URL(url);
  if (!["localhost", "127.0.0.1", "[::1]"].includes(u.hostname)) die(`refusing a non-local database: ${u.hostname}`);
  return u;
}

/** A fresh kp_bench_* database, or null when PostgreSQL is not reachable. */
async function createBenchDatabase() {
  const admin = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const adminUrl = assertLocal(admin);
  const name = `kp_bench_${crypto.randomBytes(5).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
  } catch (err) {
    log(`PostgreSQL not reachable at ${adminUrl.host} (${err.message}): falling back to the EMBEDDED database`);
    return null;
  } finally {
    await client.end().catch(() => {});
  }
  const url = new URL(adminUrl.href);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => c.end());
    },
  };
}

// ---- load ------------------------------------------------------------------------------------------
function load(url, id, secret, secs) {
  const r = sh("bash", [LOCAL_LOAD, url, id, secret, String(secs), String(CONNS)], { maxBuffer: 16 << 20 });
  const line = (r.stdout.match(/^RESULT .*$/m) ?? [])[0];
  if (r.status !== 0 || !line) die(`token-load.sh failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const get = (k) => Number((line.match(new RegExp(`${k}=([^ ]+)`)) ?? [])[1]);
  return { rps: get("rps"), p50: get("p50_ms"), p99: get("p99_ms"), non200: get("non200"), total: get("total") };
}

/** Busy cores over a one-second sample of /proc/stat (user+nice+system+irq+softirq). */
async function busyCores() {
  const read = () => fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const a = read();
  await new Promise((r) => setTimeout(r, 1000));
  const b = read();
  const busy = [0, 1, 2, 5, 6].reduce((s, i) => s + (b[i] - a[i]), 0);
  return busy / 100; // USER_HZ is 100 on Linux
}

/** The machine is shared: wait (bounded) for it to be quiet before each measured target. */
async function waitQuiet(limitS = Number(process.env.QUIET_WAIT_S || 60)) {
  if (!fs.existsSync("/proc/stat")) return;
  const deadline = Date.now() + limitS * 1000;
  for (;;) {
    const busy = await busyCores();
    if (busy <= 0.3) return;
    if (Date.now() > deadline) {
      log(`  machine still busy (${busy.toFixed(2)} cores used by others): measuring anyway, figures are noisy`);
      noisy = true;
      return;
    }
  }
}
let noisy = false;

async function measure(url, id, secret) {
  if (WARM > 0) load(url, id, secret, WARM);
  await waitQuiet();
  return load(url, id, secret, SECS);
}

/** wrk with a random client per request from `credsFile` (one base64 "id:secret" per line). */
function loadMany(url, credsFile, secs) {
  const u = new URL(url);
  const r = sh(
    "timeout",
    ["-k", "5", String(secs + 60), "wrk", "-t1", `-c${CONNS}`, `-d${secs}s`, "--timeout", "10s", "--latency", "-s", MANY_LUA, url, "--", u.pathname, credsFile, "grant_type=client_credentials"],
    { maxBuffer: 16 << 20 },
  );
  const line = (r.stdout.match(/^LUA non200=.*$/m) ?? [])[0];
  if (r.status !== 0 || !line) die(`wrk (token-load-many.lua) failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const get = (k) => Number((line.match(new RegExp(`${k}=([^ ]+)`)) ?? [])[1]);
  return { rps: get("rps"), p50: get("p50_ms"), p99: get("p99_ms"), non200: get("non200"), total: get("total") };
}

async function measureMany(url, credsFile) {
  // Sanity: the first credential must get a token.
  const first = fs.readFileSync(credsFile, "utf8").split("\n")[0];
  const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${first}` }, body: "grant_type=client_credentials" });
  if (res.status !== 200) die(`sanity request with a seeded client: HTTP ${res.status} ${await res.text()}`);
  if (WARM > 0) loadMany(url, credsFile, WARM);
  await waitQuiet();
  return loadMany(url, credsFile, SECS);
}

/** Resident and peak resident memory of a process, in MB (/proc/<pid>/status). */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k) => Number((status.match(new RegExp(`^${k}:\\s+(\\d+) kB`, "m")) ?? [])[1] ?? NaN);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

function seed(env, count, out, append) {
  const args = ["--disable-warning=ExperimentalWarning", "--import", "tsx", "scripts/seed-apps.ts", "--count", String(count), "--out", out];
  if (append) args.push("--append");
  const r = sh(process.execPath, args, { env, maxBuffer: 16 << 20 });
  if (r.status !== 0) die(`seeding ${count} applications failed:\n${r.stderr}\n${r.stdout}`);
  log(`  seeded ${count} applications: ${r.stdout.trim()}`);
}

/** --apps N: 10 apps (Keyport and floor), then N apps (Keyport), same run; uniform load over the apps. */
async function scaleRun(env, work, dbLabel, withFloor) {
  const small = path.join(work, `creds-${SMALL_APPS}.txt`);
  const many = path.join(work, `creds-${APPS}.txt`);
  log(`seeding ${SMALL_APPS} applications`);
  seed(env, SMALL_APPS, small, false);
  const results = new Map(ALGS.map((alg) => [alg, { small: [], floor: [], many: [] }]));

  const runKeyport = async (alg, rep, credsFile, label) => {
    const port = await freePort();
    const server = startProcess(["--import", "tsx", "server/main.ts"], { ...env, PORT: String(port), KEYPORT_ISSUER: `http://127.0.0.1:${port}`, KEYPORT_SIGNING_ALG: alg }, path.join(work, `keyport-${alg}-${label}-${rep}.log`));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(server, async () => (await fetch(`${base}/api/health`)).status === 200, `Keyport (${alg})`);
    log(`Keyport ${alg} ${label} apps rep ${rep}: ${WARM}s warm-up + ${SECS}s at ${CONNS} connections, a random client per request`);
    const k = await measureMany(`${base}/oauth/token`, credsFile);
    const mem = memoryOf(server.child.pid);
    await stopProcess(server);
    log(`  ${k.rps.toFixed(0)} tokens/s, p99 ${k.p99} ms, non-200 ${k.non200}, RSS ${mem.rssMb.toFixed(0)} MB (peak ${mem.peakMb.toFixed(0)} MB)`);
    return { ...k, ...mem };
  };

  for (const alg of ALGS) {
    for (let rep = 1; rep <= REPS; rep++) {
      results.get(alg).small.push(await runKeyport(alg, rep, small, SMALL_APPS));
      if (withFloor) {
        const secret = Buffer.from(fs.readFileSync(small, "utf8").split("\n")[0], "base64").toString().split(":")[1];
        const fport = await freePort();
        const floor = startProcess(
          [path.join(SHARED_BENCH, "floor-server.mjs")],
          { ...process.env, ALG: alg, PORT: String(fport), CLIENT_ID: "bench-client", CLIENT_SECRET: secret, BENCH_PEERS: PEERS },
          path.join(work, `floor-${alg}-${rep}.log`),
        );
        await waitFor(floor, async () => /^LISTENING /m.test(floor.output()), `floor (${alg})`);
        log(`floor ${alg} rep ${rep}`);
        const f = await measure(`http://127.0.0.1:${fport}/token`, "bench-client", secret);
        await stopProcess(floor);
        log(`  ${f.rps.toFixed(0)} tokens/s, p99 ${f.p99} ms`);
        results.get(alg).floor.push(f);
      }
    }
  }
  log(`seeding ${APPS - SMALL_APPS} more applications (${APPS} in all)`);
  fs.copyFileSync(small, many);
  seed(env, APPS - SMALL_APPS, many, true);
  for (const alg of ALGS) {
    for (let rep = 1; rep <= REPS; rep++) results.get(alg).many.push(await runKeyport(alg, rep, many, APPS));
  }

  const cpu = (os.cpus()[0]?.model ?? "unknown").trim();
  console.log(`\n### Token endpoint at scale (${APPS.toLocaleString("en")} apps) — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC\n`);
  console.log(`Machine: ${os.cpus().length} cores (${cpu}), Node ${process.version}; database: ${dbLabel}.`);
  console.log(`Command: npm run bench -- --apps ${APPS} (BENCH_ALGS="${ALGS.join(" ")}" REPS=${REPS} SECS=${SECS} WARM=${WARM} CONNS=${CONNS}).`);
  console.log(`Load: wrk -t1 -c${CONNS}, a uniformly random client per request (scripts/bench/token-load-many.lua); floor: ../shared/bench/token-load.sh. Medians of ${REPS} rep(s).\n`);
  console.log(`| alg | ${SMALL_APPS} apps tokens/s | p99 ms | ${APPS} apps tokens/s | p99 ms | ${APPS}/${SMALL_APPS} | ≥ ${SCALE_TARGET_RATIO}× | p99 ≤ ${SCALE_TARGET_P99_MS} ms | RSS MB (peak) at ${APPS} | ≤ ${SCALE_TARGET_RSS_MB} MB | floor tokens/s | ${SMALL_APPS} apps/floor | non-200 |`);
  console.log("|---|---:|---:|---:|---:|---:|:-:|:-:|---:|:-:|---:|---:|---:|");
  let ok = true;
  for (const alg of ALGS) {
    const r = results.get(alg);
    const sRps = median(r.small.map((x) => x.rps));
    const mRps = median(r.many.map((x) => x.rps));
    const mP99 = median(r.many.map((x) => x.p99));
    const peak = Math.max(...r.many.map((x) => x.peakMb));
    const rss = median(r.many.map((x) => x.rssMb));
    const ratio = mRps / sRps;
    const floorRps = r.floor.length ? median(r.floor.map((x) => x.rps)) : undefined;
    const floorRatio = r.floor.length ? median(r.small.map((x, i) => x.rps / r.floor[i].rps)) : undefined;
    const non200 = [...r.small, ...r.many].reduce((n, x) => n + x.non200, 0);
    const okRatio = ratio >= SCALE_TARGET_RATIO;
    const okP99 = mP99 <= SCALE_TARGET_P99_MS;
    const okRss = peak <= SCALE_TARGET_RSS_MB;
    if (!okRatio || !okP99 || !okRss || non200 > 0) ok = false;
    console.log(
      `| ${alg} | ${sRps.toFixed(0)} | ${median(r.small.map((x) => x.p99)).toFixed(2)} | ${mRps.toFixed(0)} | ${mP99.toFixed(2)} | ${ratio.toFixed(2)}× | ${okRatio ? "yes" : "NO"} | ${okP99 ? "yes" : "NO"} | ${rss.toFixed(0)} (${peak.toFixed(0)}) | ${okRss ? "yes" : "NO"} | ${floorRps?.toFixed(0) ?? "—"} | ${floorRatio ? floorRatio.toFixed(2) + "×" : "—"} | ${non200} |`,
    );
  }
  if (noisy) console.log("\nThe machine was busy with other work during at least one measurement: compare ratios, not absolute figures.");
  console.log(`\n${ok ? "All scale targets met." : "Scale targets NOT met (see the table)."}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---- main ------------------------------------------------------------------------------------------
async function main() {
  if (!fs.existsSync(LOCAL_LOAD)) die(`${LOCAL_LOAD} not found: the load script lives in ../shared/bench`);
  ensureWrk();
  const withFloor = fs.existsSync(path.join(SHARED_BENCH, "floor-server.mjs")) && ensurePeers();
  if (!withFloor) log("floor server unavailable: Keyport figures only, no ratios");
  ensureBuild();

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "kp-bench-"));
  const database = await createBenchDatabase();
  const env = { ...baseEnv(), HOST: "127.0.0.1", KEYPORT_DATA_DIR: path.join(work, "data"), KEYPORT_LOG_LEVEL: "warn" };
  // PostgreSQL mode needs a public origin (each server gets its own below) and a mail decision.
  if (database) Object.assign(env, { DATABASE_URL: database.url, KEYPORT_SECRET: crypto.randomBytes(36).toString("base64url"), KEYPORT_ISSUER: "http://127.0.0.1", KEYPORT_DEV_OUTBOX: "1" });
  const dbLabel = database ? `PostgreSQL (${database.name})` : "embedded PGlite (PostgreSQL unreachable)";
  log(`database: ${dbLabel}; logs in ${work}`);

  if (APPS) {
    try {
      await scaleRun(env, work, dbLabel, withFloor);
    } finally {
      await database?.drop().catch((e) => log(`could not drop ${database.name}: ${e.message}`));
    }
    fs.rmSync(work, { recursive: true, force: true });
    return;
  }

  const rows = [];
  let client;
  try {
    for (const alg of ALGS) {
      const kp = [];
      const fl = [];
      for (let rep = 1; rep <= REPS; rep++) {
        // Keyport: a restart with another KEYPORT_SIGNING_ALG rotates the signing key.
        const port = await freePort();
        const server = startProcess(["--import", "tsx", "server/main.ts"], { ...env, PORT: String(port), KEYPORT_ISSUER: `http://127.0.0.1:${port}`, KEYPORT_SIGNING_ALG: alg }, path.join(work, `keyport-${alg}-${rep}.log`));
        const base = `http://127.0.0.1:${port}`;
        await waitFor(server, async () => (await fetch(`${base}/api/health`)).status === 200, `Keyport (${alg})`);
        if (!client) {
          const r = sh(process.execPath, ["--disable-warning=ExperimentalWarning", "--import", "tsx", "cli/keyport.ts", "apps", "create", "--name", "bench", "--owner", "bench@example.test", "--scopes", "application.client", "--json"], { env });
          if (r.status !== 0) die(`keyport apps create failed:\n${r.stderr}`);
          client = JSON.parse(r.stdout);
        }
        log(`Keyport ${alg} rep ${rep}: ${WARM}s warm-up + ${SECS}s at ${CONNS} connections`);
        const k = await measure(`${base}/oauth/token`, client.client_id, client.client_secret);
        await stopProcess(server);
        log(`  ${k.rps.toFixed(0)} tokens/s, p99 ${k.p99} ms, non-200 ${k.non200}`);
        kp.push(k);

        if (withFloor) {
          const fport = await freePort();
          const floor = startProcess(
            [path.join(SHARED_BENCH, "floor-server.mjs")],
            { ...process.env, ALG: alg, PORT: String(fport), CLIENT_ID: "bench-client", CLIENT_SECRET: client.client_secret, BENCH_PEERS: PEERS },
            path.join(work, `floor-${alg}-${rep}.log`),
          );
          await waitFor(floor, async () => /^LISTENING /m.test(floor.output()), `floor (${alg})`);
          log(`floor ${alg} rep ${rep}`);
          const f = await measure(`http://127.0.0.1:${fport}/token`, "bench-client", client.client_secret);
          await stopProcess(floor);
          log(`  ${f.rps.toFixed(0)} tokens/s, p99 ${f.p99} ms`);
          fl.push(f);
        }
      }
      rows.push({
        alg,
        rps: median(kp.map((x) => x.rps)),
        p99: median(kp.map((x) => x.p99)),
        non200: kp.reduce((s, x) => s + x.non200, 0),
        floorRps: fl.length ? median(fl.map((x) => x.rps)) : undefined,
        floorP99: fl.length ? median(fl.map((x) => x.p99)) : undefined,
        // Each rep measures Keyport and the floor back to back: the median of these paired ratios
        // is steadier on a shared machine than the ratio of the two medians.
        ratio: fl.length ? median(kp.map((x, i) => x.rps / fl[i].rps)) : undefined,
        perRep: kp.map((x, i) => `${x.rps.toFixed(0)}${fl[i] ? "/" + fl[i].rps.toFixed(0) : ""}`).join(", "),
      });
    }
  } finally {
    await database?.drop().catch((e) => log(`could not drop ${database.name}: ${e.message}`));
  }

  // ---- report ----------------------------------------------------------------------------------------
  const cpu = (os.cpus()[0]?.model ?? "unknown").trim();
  console.log(`\n### Token endpoint benchmark — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC\n`);
  console.log(`Machine: ${os.cpus().length} cores (${cpu}), Node ${process.version}; database: ${dbLabel}.`);
  console.log(`Load: ../shared/bench/token-load.sh (wrk -t1 -c${CONNS}), ${WARM}s warm-up + ${SECS}s measured, ${REPS} rep(s), medians.\n`);
  console.log(`| alg | Keyport tokens/s | Keyport p99 ms | non-200 | floor tokens/s | floor p99 ms | Keyport/floor | ≥ ${TARGET_RATIO}× | p99 ≤ ${TARGET_P99_MS} ms | per rep (Keyport/floor tokens/s) |`);
  console.log("|---|---:|---:|---:|---:|---:|---:|:-:|:-:|---|");
  let ok = true;
  for (const r of rows) {
    const ratio = r.ratio;
    const ratioOk = ratio === undefined ? "n/a" : ratio >= TARGET_RATIO ? "yes" : "NO";
    const p99Ok = r.p99 <= TARGET_P99_MS ? "yes" : "NO";
    if (ratioOk === "NO" || p99Ok === "NO" || r.non200 > 0) ok = false;
    console.log(
      `| ${r.alg} | ${r.rps.toFixed(0)} | ${r.p99.toFixed(2)} | ${r.non200} | ${r.floorRps?.toFixed(0) ?? "—"} | ${r.floorP99?.toFixed(2) ?? "—"} | ${ratio ? ratio.toFixed(2) + "×" : "—"} | ${ratioOk} | ${p99Ok} | ${r.perRep} |`,
    );
  }
  if (noisy) console.log("\nThe machine was busy with other work during at least one measurement: compare ratios, not absolute figures.");
  console.log(`\n${ok ? "All targets met." : "Targets NOT met (see the table)."}`);
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  if (!process.exitCode) log(err.stack ?? String(err));
  process.exit(1);
});

// Integration-test support: a production Keyport (server/main.ts on a production Next build) on a
// free port, with its own database — embedded PGlite in a temp dir, or a fresh PostgreSQL database
// when TEST_DATABASE_URL is set — and the CLI run against the same configuration.
//
// Everything a test starts is stopped on exit, even when the test fails.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createEmptyTestDatabase, type EmptyTestDatabase } from "../../lib/test-support/empty-test-database";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type BackendName = "embedded" | "postgres";

/**
 * Backends to run the integration suite against: KEYPORT_IT_BACKENDS ("embedded,postgres") when
 * set, otherwise embedded always and postgres when TEST_DATABASE_URL is set.
 */
export function selectedBackends(): BackendName[] {
  const wanted = process.env.KEYPORT_IT_BACKENDS;
  if (wanted) {
    const list = wanted.split(",").map((s) => s.trim()).filter(Boolean);
    for (const b of list) if (b !== "embedded" && b !== "postgres") throw new Error(`unknown backend ${b}`);
    if (list.includes("postgres") && !process.env.TEST_DATABASE_URL) {
      throw new Error("KEYPORT_IT_BACKENDS includes postgres but TEST_DATABASE_URL is not set");
    }
    return list as BackendName[];
  }
  return process.env.TEST_DATABASE_URL ? ["embedded", "postgres"] : ["embedded"];
}

/** The Next build folder the server runs from (NEXT_DIST_DIR, default .next-it). */
export function distDir(): string {
  return process.env.NEXT_DIST_DIR || ".next-it";
}

/** Build once if the dist dir has no build (scripts/test.mjs builds beforehand). */
export function ensureBuild(): void {
  const dir = distDir();
  if (fs.existsSync(path.join(ROOT, dir, "BUILD_ID")) && process.env.KEYPORT_IT_REBUILD !== "1") return;
  const r = spawnSync("npx", ["next", "build"], {
    cwd: ROOT,
    env: asProcessEnv({ ...baseEnv(), NEXT_DIST_DIR: dir }),
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`next build failed:\n${r.stdout}\n${r.stderr}`);
}

// Next's types make NODE_ENV a required key of ProcessEnv; children get exactly what we built.
function asProcessEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return env as NodeJS.ProcessEnv;
}

/** The parent environment minus everything that configures Keyport, so tests set it explicitly. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(KEYPORT_|DATABASE_URL$|PORT$|HOST$|NEXT_DIST_DIR$|TEST_DATABASE_URL$|AUTH_|SMTP_URL$|MAIL_FROM$|NODE_TEST_CONTEXT$)/.test(k)) continue;
    env[k] = v;
  }
  env.NEXT_TELEMETRY_DISABLED = "1";
  env.CHECKPOINT_DISABLE = "1";
  return env;
}

/** One Keyport deployment's configuration: its database and secret, shared by servers and CLI runs. */
export interface Deployment {
  backend: BackendName;
  /** Environment for server and CLI (without PORT). */
  env: Record<string, string>;
  dataDir: string;
  database?: EmptyTestDatabase;
  /** Stop every server started for it, drop its database, delete its temp dir. */
  dispose(): Promise<void>;
  servers: Set<KeyportServer>;
}

const liveChildren = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of liveChildren) c.kill("SIGKILL");
});

/** Stop (SIGKILL) every server still running for `deployment`, e.g. after a failed test. */
export async function stopAllServers(deployment: Deployment): Promise<void> {
  for (const s of [...deployment.servers]) await s.stop("SIGKILL").catch(() => {});
}

export async function createDeployment(backend: BackendName, extraEnv: Record<string, string> = {}): Promise<Deployment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kp-it-${backend}-`));
  const env: Record<string, string> = {
    ...baseEnv(),
    NEXT_DIST_DIR: distDir(),
    HOST: "127.0.0.1",
    KEYPORT_DATA_DIR: dataDir,
    KEYPORT_LOG_LEVEL: "info",
    ...extraEnv,
  };
  let database: EmptyTestDatabase | undefined;
  if (backend === "postgres") {
    const admin = process.env.TEST_DATABASE_URL;
    if (!admin) throw new Error("TEST_DATABASE_URL is not set");
    database = await createEmptyTestDatabase(admin, "kp_it");
    env.DATABASE_URL = database.url;
    env.KEYPORT_SECRET = crypto.randomBytes(36).toString("base64url");
    // Production mode refuses to start without a mail server unless the outbox is opted into.
    if (!extraEnv.SMTP_URL) env.KEYPORT_DEV_OUTBOX ??= "1";
  }
  const deployment: Deployment = {
    backend,
    env,
    dataDir,
    database,
    servers: new Set(),
    async dispose() {
      for (const s of deployment.servers) await s.stop("SIGKILL").catch(() => {});
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return deployment;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; released just before the server binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      if (addr && typeof addr === "object") {
        const port = addr.port;
        srv.close(() => resolve(port));
      } else reject(new Error("no port"));
    });
  });
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface KeyportServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  logs(): string;
  exited: Promise<ExitResult>;
  /** Send `signal` (default SIGTERM), wait for exit (SIGKILL after 20 s). */
  stop(signal?: NodeJS.Signals): Promise<ExitResult>;
}

/**
 * Each server's public origin is its own URL unless the test configures one (PostgreSQL mode
 * refuses to start without KEYPORT_ISSUER; embedded would default to http://localhost:PORT).
 */
function spawnServer(deployment: Deployment, port: number, extraEnv: Record<string, string>) {
  const issuer = deployment.env.KEYPORT_ISSUER ?? `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/it-main.ts"], {
    cwd: ROOT,
    env: asProcessEnv({ ...deployment.env, KEYPORT_ISSUER: issuer, PORT: String(port), ...extraEnv }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  liveChildren.add(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<ExitResult>((resolve) =>
    child.on("exit", (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, exited, logs: () => output };
}

/**
 * Start a production Keyport for `deployment` and wait until GET /api/health answers 200.
 * Throws (with the server's output) if it exits or is not healthy within `timeoutMs`.
 */
export async function startKeyport(
  deployment: Deployment,
  extraEnv: Record<string, string> = {},
  timeoutMs = 90_000,
): Promise<KeyportServer> {
  const port = extraEnv.PORT ? Number(extraEnv.PORT) : await freePort();
  const { child, exited, logs } = spawnServer(deployment, port, extraEnv);
  const url = `http://127.0.0.1:${port}`;
  let exit: ExitResult | undefined;
  void exited.then((e) => (exit = e));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit) throw new Error(`Keyport exited during start-up (code ${exit.code}, signal ${exit.signal}):\n${logs()}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Keyport was not healthy within ${timeoutMs} ms:\n${logs()}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  let stopping = false;
  // A server dying under a test is the most important thing to see: print its output.
  void exited.then((e) => {
    if (!stopping) console.error(`\n*** Keyport ${url} exited unexpectedly (code ${e.code}, signal ${e.signal}):\n${logs()}`);
  });
  const server: KeyportServer = {
    url,
    port,
    child,
    logs,
    exited,
    async stop(signal = "SIGTERM") {
      stopping = true;
      if (exit) return exit;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const result = await exited;
      clearTimeout(timer);
      deployment.servers.delete(server);
      return result;
    },
  };
  deployment.servers.add(server);
  return server;
}

/** Start a second server process without waiting for health (for the data-dir lock test). */
export function spawnRawServer(deployment: Deployment, port: number, extraEnv: Record<string, string> = {}) {
  return spawnServer(deployment, port, extraEnv);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as one JSON object (throws with the output if it is not). */
  json<T = Record<string, unknown>>(): T;
}

/** Run `keyport <args>` (cli/keyport.ts) with the deployment's configuration. */
export async function runCli(
  deployment: Deployment,
  args: string[],
  extraEnv: Record<string, string> = {},
  /** Killed after this long (default 60 s; a 10,000-record import on a loaded machine takes longer). */
  timeoutMs = 60_000,
): Promise<CliResult> {
  const child = spawn(
    process.execPath,
    ["--disable-warning=ExperimentalWarning", "--import", "tsx", "cli/keyport.ts", ...args],
    {
      cwd: ROOT,
      // The CLI's links point at a running server of the deployment (any, they share one database).
      env: asProcessEnv({ KEYPORT_ISSUER: [...deployment.servers][0]?.url ?? "http://127.0.0.1:3000", ...deployment.env, ...extraEnv }),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  liveChildren.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  clearTimeout(timer);
  liveChildren.delete(child);
  return {
    code,
    stdout,
    stderr,
    json<T>() {
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new Error(`CLI output is not one JSON object (exit ${code}):\nstdout: ${stdout}\nstderr: ${stderr}`);
      }
    },
  };
}

/** Run the CLI and insist on exit 0; returns the parsed --json output. */
export async function cliJson<T = Record<string, unknown>>(deployment: Deployment, args: string[]): Promise<T> {
  const r = await runCli(deployment, [...args, "--json"]);
  if (r.code !== 0) throw new Error(`keyport ${args.join(" ")} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r.json<T>();
}

export interface CreatedApp {
  client_id: string;
  client_secret: string;
  id: string;
  name: string;
  status: string;
  scopes: string[];
  audiences: string[];
}

let appCounter = 0;
/** `keyport apps create … --json` with a unique name. */
export async function createApp(
  deployment: Deployment,
  opts: { scopes?: string; audience?: string; name?: string } = {},
): Promise<CreatedApp> {
  const args = [
    "apps",
    "create",
    "--name",
    opts.name ?? `IT app ${++appCounter} ${crypto.randomBytes(3).toString("hex")}`,
    "--owner",
    "owner@example.test",
    "--scopes",
    opts.scopes ?? "application.client",
  ];
  if (opts.audience) args.push("--audience", opts.audience);
  return cliJson<CreatedApp>(deployment, args);
}

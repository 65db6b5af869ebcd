// npm start — build if needed, then run Keyport's production server (server/main.ts).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.CHECKPOINT_DISABLE ??= "1";

const distDir = process.env.NEXT_DIST_DIR || ".next";
const SOURCES = ["app", "lib", "emails", "instrumentation.ts", "next.config.js", "package.json", "prisma/schema.prisma", "auth.ts", "middleware.ts", "proxy.ts"];

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  if (p.endsWith(path.join("lib", "generated"))) return 0;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) {
    console.error(`\nKeyport: \`${cmd} ${args.join(" ")}\` failed.`);
    process.exit(r.status ?? 1);
  }
}

if (!fs.existsSync(path.join(ROOT, "lib", "generated", "prisma", "client.ts"))) {
  run("npx", ["prisma", "generate"]);
}
const buildId = path.join(ROOT, distDir, "BUILD_ID");
const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const changed = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
if (!built || changed > built) {
  console.log(built ? "Sources changed since the last build: building…" : "No production build yet: building…");
  run("npx", ["next", "build"]);
}

const { register } = await import("tsx/esm/api");
register();
await import("../server/main.ts");

// Settings shared by playwright.config.ts, the global setup and the tests.
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";

/**
 * A free TCP port on loopback, chosen synchronously (the config cannot await). Picked once in
 * the runner and passed to workers through the environment, so parallel runs of this suite —
 * several engineers, CI — never fight over fixed ports. E2E_PORT / E2E_SMTP_PORT override.
 */
function freePort(): string {
  const r = spawnSync(process.execPath, ["-e", "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"], {
    encoding: "utf8",
  });
  if (r.status !== 0 || !/^\d+$/.test(r.stdout)) throw new Error(`could not pick a free port: ${r.stderr}`);
  return r.stdout;
}

process.env.E2E_PORT ??= freePort();
process.env.E2E_SMTP_PORT ??= freePort();

export const E2E_PORT = Number(process.env.E2E_PORT);
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL ?? "admin@e2e.test";
/** Where the test SMTP server writes each message (one JSON file per message), per run. */
process.env.E2E_MAIL_DIR ??= path.join(process.cwd(), "test-results", `mail-${process.env.E2E_SMTP_PORT}`);
export const MAIL_DIR = path.resolve(process.env.E2E_MAIL_DIR);
export const TMP = os.tmpdir();

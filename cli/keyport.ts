// keyport — the command line (`npm run keyport -- <command>`). Thin: configuration, then either
// run the command here, or — when a server holds the embedded data directory — through it.
import fs from "node:fs";
import { ConfigError, getConfig } from "../lib/config/env";
import { lockHolder } from "../lib/db/data-dir-lock";
import { cliActor } from "../lib/audit/actor";
import { runCliCommand, USAGE, type CliResult } from "../lib/cli/run-cli-command";
import { sendToLocalSocket } from "../lib/cli/local-socket";
import { MigrationError } from "../lib/db/migrate";

process.env.KEYPORT_LOG_LEVEL ??= "warn";

/**
 * `--jwks FILE` is read here, by the user running the command, and passed on as its content: a
 * command forwarded to a running server (sendToLocalSocket) never makes the server open a path.
 */
function inlineKeyFiles(argv: string[]): string[] {
  return argv.map((arg, i) => {
    if (i === 0 || argv[i - 1] !== "--jwks" || arg.trim().startsWith("{") || arg.trim().startsWith("-----BEGIN")) return arg;
    try {
      return fs.readFileSync(arg, "utf8");
    } catch {
      return arg; // runCliCommand reports the unreadable path
    }
  });
}

async function main(rawArgv: string[]): Promise<number> {
  const argv = inlineKeyFiles(rawArgv);
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    process.stdout.write(USAGE + "\n");
    return argv.length === 0 ? 2 : 0;
  }
  const config = getConfig();
  const actor = cliActor();
  let result: CliResult;
  const holder = config.embedded ? lockHolder(config.dataDir) : null;
  if (holder !== null && holder !== process.pid) {
    try {
      result = await sendToLocalSocket(config.dataDir, argv, actor);
    } catch (err) {
      process.stderr.write(
        `keyport: the embedded database in ${config.dataDir} is in use by Keyport (pid ${holder}), ` +
          `and its local socket did not answer (${(err as Error).message}). Stop that process or try again.\n`,
      );
      return 1;
    }
  } else {
    const { startRuntime, stopRuntime } = await import("../lib/runtime");
    const rt = await startRuntime({ background: false });
    try {
      result = await runCliCommand(rt, argv, actor);
    } finally {
      await stopRuntime();
    }
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof MigrationError || (err as Error)?.name === "DataDirLockedError") {
      process.stderr.write(`keyport: ${(err as Error).message}\n`);
    } else {
      // A message, not a stack trace; the stack only when asked for (KEYPORT_LOG_LEVEL=debug).
      const detail = err instanceof Error ? (process.env.KEYPORT_LOG_LEVEL === "debug" ? err.stack : err.message) : String(err);
      process.stderr.write(`keyport: unexpected error: ${detail}\n`);
    }
    process.exit(1);
  },
);

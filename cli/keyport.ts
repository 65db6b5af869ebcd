// keyport — the command line (`npm run keyport -- <command>`). Thin: configuration, then either
// run the command here, or — when a server holds the embedded data directory — through it.
import fs from "node:fs";
import path from "node:path";
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

/**
 * `apps import FILE`: the file is read here too, by the user running the command, and passed on as
 * `--import-data=<content>` (lib/cli/commands/apps-import.ts). Null: it cannot be read (reported).
 */
function inlineImportFile(argv: string[]): string[] | null {
  if (argv[0] !== "apps" || argv[1] !== "import") return argv;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--format") i++; // the one option of this command that takes a value
    if (arg.startsWith("-")) continue;
    // `npm run keyport` runs in the package folder; a relative FILE means the caller's folder.
    const base = process.env.npm_lifecycle_event === "keyport" && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
    try {
      return [...argv.slice(0, i), `--import-data=${fs.readFileSync(path.resolve(base, arg), "utf8")}`, ...argv.slice(i + 1)];
    } catch (err) {
      process.stderr.write(`keyport: cannot read ${arg} (${(err as NodeJS.ErrnoException).code ?? "error"})\n`);
      return null;
    }
  }
  return argv; // no FILE: the command says so
}

async function main(rawArgv: string[]): Promise<number> {
  const withImport = inlineImportFile(rawArgv);
  if (withImport === null) return 1;
  const argv = inlineKeyFiles(withImport);
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
  // Wait until the output is handed over: process.exit() right after a large write to a pipe
  // (an import's --json) would cut it short.
  await new Promise<void>((resolve) => process.stdout.write(result.stdout, () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write(result.stderr, () => resolve()));
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

// A CLI command in its own module (lib/cli/commands/<group>-<verb>.ts), registered in
// lib/cli/commands/index.ts: run-cli-command.ts merges their options into the one parser, their
// usage into `keyport --help`, and dispatches to them before its own built-in commands.
import type { Runtime } from "../../runtime";
import type { Actor } from "../../audit/actor";

export type CliValues = Record<string, string | boolean | undefined>;

export interface CliOutput {
  /** What --json prints. */
  json: unknown;
  /** What a person reads. */
  text: string;
  /** Shell variables `--format env` prints as one `export` line (commands that yield credentials). */
  env?: Record<string, string>;
  /** Exit status when the command ran but did not succeed, its output still printed (default 0). */
  exitCode?: number;
}

export interface CliCommandContext {
  rt: Runtime;
  actor: Actor;
  /** Arguments after "<group> <verb>". */
  positionals: string[];
  values: CliValues;
}

/** Thrown for a wrong invocation: exit 2 with the message and a pointer to --help. */
export class CliUsageError extends Error {}

export interface CliCommand {
  /** "<group> <verb>", e.g. "scopes add". */
  readonly key: string;
  /** Heading in --help under which `usage` is listed ("Scopes", "Applications", …). */
  readonly section: string;
  /** Lines for --help, indented like the built-in ones. */
  readonly usage: string;
  /** node:util parseArgs option definitions this command reads (merged with every other command's). */
  readonly options?: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;
  /** True when its output carries `env` (see format-cli-output.ts): `--format env` is refused otherwise, before it runs. */
  readonly envOutput?: boolean;
  run(ctx: CliCommandContext): Promise<CliOutput>;
}

/** A required, non-empty string option. */
export function requiredOption(values: CliValues, name: string): string {
  const v = values[name];
  if (typeof v === "string" && v.trim() !== "") return v;
  throw new CliUsageError(`--${name} is required`);
}

/** An optional string option (undefined when absent or empty). */
export function optionalOption(values: CliValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

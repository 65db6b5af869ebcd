// How a CLI result is printed: `--format text` (the default, for people), `--format json` (or
// `--json`: one JSON object), or `--format env` (shell exports, for `eval "$(keyport …)"`; only
// commands that produce credentials offer it).
import { CliUsageError, type CliOutput, type CliValues } from "./commands/cli-command";
import { shellExports } from "./shell-exports";

export type CliFormat = "text" | "json" | "env";

const FORMATS: readonly CliFormat[] = ["text", "json", "env"];

/** The output format asked for by --format / --json (they must not disagree). */
export function outputFormat(values: CliValues): CliFormat {
  const format = values.format;
  if (format === undefined) return values.json === true ? "json" : "text";
  if (typeof format !== "string" || !FORMATS.includes(format as CliFormat)) {
    throw new CliUsageError(`--format must be one of ${FORMATS.join(", ")}`);
  }
  if (values.json === true && format !== "json") throw new CliUsageError(`--json and --format ${format} contradict each other`);
  return format as CliFormat;
}

/** What the command prints on stdout (newline-terminated). */
export function formatCliOutput(out: CliOutput, format: CliFormat, command: string): string {
  if (format === "json") return `${JSON.stringify(out.json, null, 2)}\n`;
  if (format === "env") {
    if (!out.env) throw new CliUsageError(`--format env is not available for "${command}" (it is for apps create and apps rotate-secret)`);
    return `${shellExports(out.env)}\n`;
  }
  return `${out.text}\n`;
}

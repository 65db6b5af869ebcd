// The CLI commands that live in their own modules (lib/cli/commands/cli-command.ts). To add one:
// a module exporting a CliCommand, listed here.
import type { CliCommand } from "./cli-command";

export const CLI_COMMANDS: readonly CliCommand[] = [];

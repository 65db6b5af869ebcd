// The CLI commands that live in their own modules (lib/cli/commands/cli-command.ts). To add one:
// a module exporting a CliCommand, listed here.
import type { CliCommand } from "./cli-command";
import { appsUpdate } from "./apps-update";
import { appsImport } from "./apps-import";
import { scopesList } from "./scopes-list";
import { scopesAdd } from "./scopes-add";
import { scopesRetire } from "./scopes-retire";
import { audiencesList } from "./audiences-list";
import { audiencesAdd } from "./audiences-add";
import { audiencesRetire } from "./audiences-retire";
import { teamsList } from "./teams-list";
import { teamsShow } from "./teams-show";
import { appsMoveTeam } from "./apps-move-team";

export const CLI_COMMANDS: readonly CliCommand[] = [
  appsUpdate,
  appsImport,
  scopesList, scopesAdd, scopesRetire,
  audiencesList, audiencesAdd, audiencesRetire,
  teamsList, teamsShow, appsMoveTeam,
];

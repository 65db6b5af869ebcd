// keyport apps move-team ID TEAM — move an application to another team (audited), as the admin
// console's "Move application" does: that team's members get access and its mail from now on.
import { moveAppToTeam } from "../../teams/move-app-to-team";
import { CliUsageError, type CliCommand } from "./cli-command";

export const appsMoveTeam: CliCommand = {
  key: "apps move-team",
  section: "Teams",
  usage: `  apps move-team ID TEAM           move the application (id or client_id) to TEAM (slug or id)`,
  async run({ rt, actor, positionals }) {
    const [id, team, extra] = positionals;
    if (!id || !team) throw new CliUsageError("usage: apps move-team ID TEAM");
    if (extra !== undefined) throw new CliUsageError(`unexpected argument: ${extra}`);
    const r = await moveAppToTeam(rt.prisma, { id }, team, actor);
    return {
      json: { id, changed: r.changed, from: r.from.slug, to: r.to.slug, team_id: r.to.id },
      text: r.changed ? `${id}: moved from ${r.from.slug} to ${r.to.slug}.` : `${id}: already in ${r.to.slug}.`,
    };
  },
};

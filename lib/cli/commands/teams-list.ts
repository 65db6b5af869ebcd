// keyport teams list [--search Q] [--page N] — every team with its members and applications.
import { listTeams } from "../../teams/list-teams";
import { CliUsageError, optionalOption, type CliCommand } from "./cli-command";
import { table } from "./cli-table";

export const teamsList: CliCommand = {
  key: "teams list",
  section: "Teams",
  usage: `  teams list [--search Q] [--page N]   slug, name, kind, members, applications`,
  async run({ rt, positionals, values }) {
    if (positionals.length) throw new CliUsageError(`unexpected argument: ${positionals[0]}`);
    const r = await listTeams(rt.prisma, { q: optionalOption(values, "search"), page: optionalOption(values, "page") ?? 1 });
    const rows = [["SLUG", "NAME", "KIND", "MEMBERS", "APPS", "ID"]];
    for (const t of r.items) rows.push([t.slug, t.name, t.personal ? "personal" : "shared", String(t.members), String(t.applications), t.id]);
    return {
      json: {
        total: r.total,
        page: r.page,
        page_size: r.pageSize,
        teams: r.items.map((t) => ({ id: t.id, slug: t.slug, name: t.name, personal: t.personal, members: t.members, applications: t.applications, created_at: t.createdAt.toISOString() })),
      },
      text: r.items.length ? `${table(rows)}\n\n${r.total} team(s); page ${r.page}` : "No teams.",
    };
  },
};

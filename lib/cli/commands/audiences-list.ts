// keyport audiences list — the audience (API) catalog with how many applications may request each.
import { listAudiences } from "../../audiences/list-audiences";
import { CliUsageError, type CliCommand } from "./cli-command";
import { table } from "./cli-table";

export const audiencesList: CliCommand = {
  key: "audiences list",
  section: "Audiences",
  usage: `  audiences list                   the catalog: identifier, name, default, status, applications`,
  async run({ rt, positionals }) {
    if (positionals.length) throw new CliUsageError(`unexpected argument: ${positionals[0]}`);
    const audiences = await listAudiences(rt.prisma);
    const rows = [["IDENTIFIER", "NAME", "DEFAULT", "STATUS", "GRANTS"]];
    for (const a of audiences) rows.push([a.identifier, a.name, a.isDefault ? "yes" : "-", a.retiredAt ? "retired" : "active", String(a.grantCount)]);
    return {
      json: {
        audiences: audiences.map((a) => ({
          identifier: a.identifier,
          name: a.name,
          description: a.description,
          is_default: a.isDefault,
          retired_at: a.retiredAt?.toISOString() ?? null,
          grant_count: a.grantCount,
          created_at: a.createdAt.toISOString(),
        })),
      },
      text: audiences.length ? table(rows) : "No audiences.",
    };
  },
};

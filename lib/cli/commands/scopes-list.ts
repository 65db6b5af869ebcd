// keyport scopes list — the scope catalog with how many applications hold each scope.
import { listScopes } from "../../scopes/list-scopes";
import { CliUsageError, type CliCommand } from "./cli-command";
import { table } from "./cli-table";

export const scopesList: CliCommand = {
  key: "scopes list",
  section: "Scopes",
  usage: `  scopes list                      the catalog: name, approval, status, applications holding it`,
  async run({ rt, positionals }) {
    if (positionals.length) throw new CliUsageError(`unexpected argument: ${positionals[0]}`);
    const scopes = await listScopes(rt.prisma);
    const rows = [["SCOPE", "APPROVAL", "STATUS", "GRANTS", "DESCRIPTION"]];
    for (const s of scopes) rows.push([s.name, s.requiresApproval ? "required" : "-", s.retiredAt ? "retired" : "active", String(s.grantCount), s.description]);
    return {
      json: {
        scopes: scopes.map((s) => ({
          name: s.name,
          description: s.description,
          requires_approval: s.requiresApproval,
          retired_at: s.retiredAt?.toISOString() ?? null,
          grant_count: s.grantCount,
          created_at: s.createdAt.toISOString(),
        })),
      },
      text: scopes.length ? table(rows) : "No scopes.",
    };
  },
};

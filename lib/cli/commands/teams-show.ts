// keyport teams show TEAM — one team (slug or id): members with their roles, pending invitations, applications.
import { getTeam } from "../../teams/get-team";
import { CliUsageError, type CliCommand } from "./cli-command";
import { table } from "./cli-table";

export const teamsShow: CliCommand = {
  key: "teams show",
  section: "Teams",
  usage: `  teams show TEAM                  TEAM: slug or id; members, invitations, applications`,
  async run({ rt, positionals }) {
    const [id, extra] = positionals;
    if (!id) throw new CliUsageError("TEAM is required");
    if (extra !== undefined) throw new CliUsageError(`unexpected argument: ${extra}`);
    const t = await getTeam(rt.prisma, { id: id.toLowerCase() });
    const members = [["EMAIL", "ROLE", "SINCE"], ...t.members.map((m) => [m.email, m.role, m.since.toISOString().slice(0, 10)])];
    const apps = t.applications.map((a) => `    ${a.clientId}  ${a.status.padEnd(8)}  ${a.name}`);
    return {
      json: {
        id: t.id,
        slug: t.slug,
        name: t.name,
        personal: t.personalUserId !== null,
        created_at: t.createdAt.toISOString(),
        members: t.members.map((m) => ({ user_id: m.userId, email: m.email, role: m.role, since: m.since.toISOString() })),
        invitations: t.invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expires_at: i.expiresAt.toISOString() })),
        applications: t.applications.map((a) => ({ id: a.id, client_id: a.clientId, name: a.name, status: a.status })),
      },
      text: [
        `${t.name}  (${t.slug}${t.personalUserId ? ", personal" : ""})`,
        `  id (org_id): ${t.id}`,
        "",
        table(members),
        "",
        `  applications (${t.applications.length + t.moreApplications}):`,
        ...(apps.length ? apps : ["    none"]),
      ].join("\n"),
    };
  },
};

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { getTeam } from "@/lib/teams/get-team";
import { queryAuditEvents } from "@/lib/audit/query-audit-events";
import { toAppError } from "@/lib/errors/app-error";
import { Card } from "@/app/_components/card";
import { Table } from "@/app/_components/table";
import { StatusBadge } from "@/app/_components/status-badge";
import { formatDate, formatDateTime } from "@/app/_components/format";

export const metadata: Metadata = { title: "Team" };
export const dynamic = "force-dynamic";

// GET /admin/teams/:id — one team (id or slug): members, pending invitations, applications and
// recent activity. Members are managed by the team's own admins in the portal; applications move
// between teams on their admin page.
export default async function AdminTeamPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  const prisma = await getPrisma();
  const team = await getTeam(prisma, { id }).catch((err: unknown) => {
    if (toAppError(err)?.code === "not_found") notFound();
    throw err;
  });
  const audit = await queryAuditEvents(prisma, { team: team.id }, { pageSize: 10 });
  return (
    <div className="stack">
      <div>
        <p className="breadcrumb">
          <Link href="/admin/teams">Teams</Link> / {team.name}
        </p>
        <div className="page-head">
          <div>
            <h1>{team.name}</h1>
            <p>
              <span className="mono">{team.slug}</span> · {team.personalUserId ? "personal team" : "shared team"} · created {formatDate(team.createdAt)}
            </p>
          </div>
        </div>
      </div>
      <Card title="Details">
        <dl className="dl">
          <dt>Team id (org_id)</dt>
          <dd className="mono" data-testid="team-id">
            {team.id}
          </dd>
          <dt>Slug</dt>
          <dd className="mono">{team.slug}</dd>
        </dl>
      </Card>
      <Card title="Members">
        <Table caption="Members" head={["Member", "Role", "Since"]}>
          {team.members.map((m) => (
            <tr key={m.userId} data-testid={`admin-member-${m.email}`}>
              <td>
                {m.email}
                {team.personalUserId === m.userId ? <span className="muted small"> · owner</span> : null}
              </td>
              <td>{m.role}</td>
              <td className="nowrap">{formatDate(m.since)}</td>
            </tr>
          ))}
        </Table>
      </Card>
      {team.invitations.length ? (
        <Card title="Pending invitations">
          <Table caption="Pending invitations" head={["Email", "Role", "Invited by", "Expires"]}>
            {team.invitations.map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>{i.role}</td>
                <td>{i.invitedBy ?? "—"}</td>
                <td className="nowrap">{formatDateTime(i.expiresAt)}</td>
              </tr>
            ))}
          </Table>
        </Card>
      ) : null}
      <Card title="Applications">
        {team.applications.length === 0 ? (
          <p className="muted">No applications.</p>
        ) : (
          <Table caption="Applications of the team" head={["Name", "client_id", "Status", "Created"]}>
            {team.applications.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link href={`/admin/apps/${a.id}`}>{a.name}</Link>
                </td>
                <td className="mono cell-clip">{a.clientId}</td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td className="nowrap">{formatDate(a.createdAt)}</td>
              </tr>
            ))}
          </Table>
        )}
        {team.moreApplications ? <p className="muted small">And {team.moreApplications} more.</p> : null}
      </Card>
      <Card title="Recent activity" actions={<Link href={`/admin/audit?team=${encodeURIComponent(team.id)}`}>Full audit log →</Link>}>
        {audit.items.length === 0 ? (
          <p className="muted">No events.</p>
        ) : (
          <Table caption="Recent audit events of the team" head={["Time", "Actor", "Action"]}>
            {audit.items.map((e) => (
              <tr key={String(e.id)}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td>{e.actorEmail ?? e.actorId ?? e.actorType}</td>
                <td className="mono">{e.action}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}

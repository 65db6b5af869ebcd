import type { Metadata } from "next";
import Link from "next/link";
import { getPrisma } from "@/lib/runtime";
import { listApps } from "@/lib/apps/list-apps";
import { getIssuedTotals } from "@/lib/usage/get-app-usage";
import { requireUser } from "@/app/_lib/session";
import { ButtonLink } from "@/app/_components/button";
import { EmptyState } from "@/app/_components/empty-state";
import { Notice } from "@/app/_components/notice";
import { StatusBadge } from "@/app/_components/status-badge";
import { Table } from "@/app/_components/table";
import { formatDate, formatRelative } from "@/app/_components/format";
import { Tags } from "@/app/_components/tags";
import { listUserTeams } from "@/lib/teams/list-user-teams";
import { appListQuery, ownerAppFilter } from "@/lib/apps/owner-app-filter";

export const metadata: Metadata = { title: "My applications" };

export default async function AppsPage({ searchParams }: { searchParams: Promise<{ deleted?: string; page?: string; team?: string; q?: string; status?: string }> }) {
  const user = await requireUser("/apps");
  const params = await searchParams;
  const { deleted, page, team } = params;
  // Search (name or client_id) and status filter, in the database (lib/apps/list-apps.ts), kept in the URL.
  const filter = ownerAppFilter(params);
  const filtered = Boolean(filter.q || filter.status);
  const prisma = await getPrisma();
  // The apps of every team the user is in; ?team=<slug> narrows to one of them (the team switcher).
  const teams = await listUserTeams(prisma, user.id);
  const selected = team ? teams.find((t) => t.slug === team) : undefined;
  const listQuery = (pageNumber?: number) => `/apps${appListQuery({ team: selected?.slug, q: filter.q, status: filter.status, page: pageNumber })}`;
  const { items, total, pageSize, page: current } = await listApps(prisma, {
    memberUserId: user.id,
    teamId: selected?.id,
    q: filter.q,
    status: filter.status,
    sort: "created_desc",
    page: Number(page) > 0 ? Math.floor(Number(page)) : 1,
    pageSize: 50,
  });
  const totals = await getIssuedTotals(prisma, items.map((a) => a.id));
  const failedMail = await prisma.emailMessage.count({ where: { applicationId: { in: items.map((a) => a.id) }, status: "failed" } });
  const pages = Math.max(1, Math.ceil(total / pageSize));

  return (
    <>
      <div className="page-head">
        <div>
          <h1>My applications</h1>
          <p>Services that get access tokens from Keyport with their own credentials: the applications of all your teams.</p>
        </div>
        {total > 0 || filtered ? <ButtonLink href={selected ? `/apps/new?team=${encodeURIComponent(selected.slug)}` : "/apps/new"}>Register an application</ButtonLink> : null}
      </div>
      <div className="stack">
        {teams.length > 1 ? (
          <nav aria-label="Teams" className="row team-switcher">
            <span className="muted small">Team:</span>
            <Link href="/apps" aria-current={selected ? undefined : "page"}>
              All teams
            </Link>
            {teams.map((t) => (
              <Link key={t.id} href={`/apps?team=${encodeURIComponent(t.slug)}`} aria-current={selected?.id === t.id ? "page" : undefined}>
                {t.personal ? "Personal" : t.name}
              </Link>
            ))}
            <Link href="/teams" className="small">
              Manage teams →
            </Link>
          </nav>
        ) : null}
        {deleted ? <Notice tone="success">Application deleted. Its secrets no longer work.</Notice> : null}
        {failedMail > 0 ? (
          <Notice tone="error" title="Some emails could not be delivered">
            Open the application marked below to resend them.
          </Notice>
        ) : null}
        {total > 0 || filtered ? (
          <form method="get" action="/apps" className="filters" role="search" aria-label="Search my applications">
            {selected ? <input type="hidden" name="team" value={selected.slug} /> : null}
            <div className="field field-wide">
              <label htmlFor="apps-q" className="field-label">
                Search
              </label>
              <input id="apps-q" name="q" type="search" className="input" defaultValue={filter.q ?? ""} placeholder="Name or client_id" maxLength={200} />
            </div>
            <div className="field">
              <label htmlFor="apps-status" className="field-label">
                Status
              </label>
              <select id="apps-status" name="status" className="select" defaultValue={filter.status ?? ""}>
                <option value="">Any status</option>
                <option value="active">Active</option>
                <option value="pending">Pending approval</option>
                <option value="disabled">Disabled</option>
              </select>
            </div>
            <button type="submit" className="btn btn-secondary">
              Search
            </button>
            {filtered ? (
              <Link href={`/apps${appListQuery({ team: selected?.slug })}`} className="btn btn-ghost">
                Clear
              </Link>
            ) : null}
          </form>
        ) : null}
        {total === 0 && filtered ? (
          <EmptyState title="No applications match" action={<Link href={`/apps${appListQuery({ team: selected?.slug })}`}>Clear the search</Link>}>
            Nothing matches {filter.q ? <>“{filter.q}”</> : "this filter"}
            {filter.status ? ` with the status ${filter.status}` : ""}. Search by part of the name or by the exact client_id.
          </EmptyState>
        ) : total === 0 ? (
          <EmptyState title="No applications yet" action={<ButtonLink href="/apps/new">Register your first application</ButtonLink>}>
            Register an application to get a client_id and client_secret for the client-credentials grant. It takes a minute.
          </EmptyState>
        ) : (
          <Table caption="My applications" stacked head={["Name", "Team", "Status", "Scopes", "Created", "Last token", "Tokens (30 days)"]}>
            {items.map((app) => (
              <tr key={app.id} data-testid={`app-row-${app.clientId}`}>
                <td data-label="Name">
                  <div>
                    <Link href={`/apps/${app.id}`}>{app.name}</Link>
                    <div className="mono muted small">{app.clientId}</div>
                  </div>
                </td>
                <td data-label="Team">{app.team.personalUserId === user.id ? "Personal" : app.team.name}</td>
                <td data-label="Status">
                  <StatusBadge status={app.status} />
                </td>
                <td data-label="Scopes">
                  <div>
                    <Tags values={app.scopes} />
                  </div>
                </td>
                <td data-label="Created">{formatDate(app.createdAt)}</td>
                <td data-label="Last token" title={app.lastTokenAt?.toISOString()}>
                  {formatRelative(app.lastTokenAt)}
                </td>
                <td data-label="Tokens (30 days)" data-testid="usage-count">{totals.get(app.id) ?? 0}</td>
              </tr>
            ))}
          </Table>
        )}
        {pages > 1 ? (
          <nav aria-label="Pages" className="row">
            {current > 1 ? <Link href={listQuery(current - 1)}>← Newer</Link> : null}
            <span className="muted small">
              Page {current} of {pages}
            </span>
            {current < pages ? <Link href={listQuery(current + 1)}>Older →</Link> : null}
          </nav>
        ) : null}
      </div>
    </>
  );
}

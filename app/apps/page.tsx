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

export const metadata: Metadata = { title: "My applications" };

export default async function AppsPage({ searchParams }: { searchParams: Promise<{ deleted?: string; page?: string }> }) {
  const user = await requireUser("/apps");
  const { deleted, page } = await searchParams;
  const prisma = await getPrisma();
  const { items, total, pageSize, page: current } = await listApps(prisma, {
    ownerId: user.id,
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
          <p>Services that get access tokens from Keyport with their own credentials.</p>
        </div>
        {total > 0 ? <ButtonLink href="/apps/new">Register an application</ButtonLink> : null}
      </div>
      <div className="stack">
        {deleted ? <Notice tone="success">Application deleted. Its secrets no longer work.</Notice> : null}
        {failedMail > 0 ? (
          <Notice tone="error" title="Some emails could not be delivered">
            Open the application marked below to resend them.
          </Notice>
        ) : null}
        {total === 0 ? (
          <EmptyState title="No applications yet" action={<ButtonLink href="/apps/new">Register your first application</ButtonLink>}>
            Register an application to get a client_id and client_secret for the client-credentials grant. It takes a minute.
          </EmptyState>
        ) : (
          <Table caption="My applications" stacked head={["Name", "Status", "Scopes", "Created", "Last token", "Tokens (30 days)"]}>
            {items.map((app) => (
              <tr key={app.id} data-testid={`app-row-${app.clientId}`}>
                <td data-label="Name">
                  <div>
                    <Link href={`/apps/${app.id}`}>{app.name}</Link>
                    <div className="mono muted small">{app.clientId}</div>
                  </div>
                </td>
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
            {current > 1 ? <Link href={`/apps?page=${current - 1}`}>← Newer</Link> : null}
            <span className="muted small">
              Page {current} of {pages}
            </span>
            {current < pages ? <Link href={`/apps?page=${current + 1}`}>Older →</Link> : null}
          </nav>
        ) : null}
      </div>
    </>
  );
}

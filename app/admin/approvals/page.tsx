import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { listPendingApprovals } from "@/lib/admin/list-pending-approvals";
import { Card } from "@/app/_components/card";
import { EmptyState } from "@/app/_components/empty-state";
import { SubmitButton } from "@/app/_components/submit-button";
import { formatDateTime } from "@/app/_components/format";
import { AdminForm } from "../_components/admin-form";
import { reviewPendingAction } from "../apps/[id]/actions";
import { getApp } from "@/lib/apps/get-app";
import { Notice } from "@/app/_components/notice";

export const metadata: Metadata = { title: "Approvals" };
export const dynamic = "force-dynamic";

// GET /admin/approvals — applications that asked for a scope needing approval, oldest first.
export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<{ reviewed?: string; outcome?: string }> }) {
  await requireAdmin();
  const { reviewed, outcome } = await searchParams;
  const prisma = await getPrisma();
  const { items, total } = await listPendingApprovals(prisma);
  // The outcome of the review just made (see reviewPendingAction), read back from the database.
  const last = reviewed && (outcome === "approve" || outcome === "deny") ? await getApp(prisma, { id: reviewed.slice(0, 100) }).catch(() => null) : null;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Pending approvals</h1>
          <p>Approval activates the application. Either way, its team&apos;s admins and developers are emailed.</p>
        </div>
      </div>
      {last ? (
        <Notice tone="success">
          <Link href={`/admin/apps/${encodeURIComponent(last.id)}`}>{last.name}</Link> is {outcome === "approve" ? "approved" : "denied"} (now{" "}
          {last.status}). The admins and developers of its team ({last.team.name}) have been emailed.
        </Notice>
      ) : null}
      {items.length === 0 ? (
        <EmptyState title="Nothing to review">New applications that request a scope needing approval appear here.</EmptyState>
      ) : null}
      {items.map((app) => (
        <Card
          key={app.id}
          id={`pending-${app.id}`}
          title={<Link href={`/admin/apps/${encodeURIComponent(app.id)}`}>{app.name}</Link>}
          description={`${app.ownerEmail} · requested ${formatDateTime(app.createdAt)}`}
        >
          <div className="stack" data-testid="pending-app" data-client-id={app.clientId}>
            <dl className="dl">
              <dt>client_id</dt>
              <dd className="mono">{app.clientId}</dd>
              <dt>Scopes</dt>
              <dd>
                {app.scopes.map((s) => (
                  <span key={s} className={app.privilegedScopes.includes(s) ? "tag tag-warn" : "tag"}>
                    {s}
                  </span>
                ))}
              </dd>
              <dt>Needs approval for</dt>
              <dd>{app.privilegedScopes.join(", ") || "—"}</dd>
              {app.description ? (
                <>
                  <dt>Purpose</dt>
                  <dd>{app.description}</dd>
                </>
              ) : null}
            </dl>
            <div className="action-grid">
              <AdminForm action={reviewPendingAction.bind(null, app.id, "approve")} label={`Approve ${app.name}`}>
                <div className="field">
                  <label htmlFor={`approve-${app.id}`} className="field-label">
                    Note to the owner (optional)
                  </label>
                  <input id={`approve-${app.id}`} name="reason" className="input" maxLength={500} />
                </div>
                <SubmitButton pendingLabel="Approving…">Approve</SubmitButton>
              </AdminForm>
              <AdminForm action={reviewPendingAction.bind(null, app.id, "deny")} label={`Deny ${app.name}`}>
                <div className="field">
                  <label htmlFor={`deny-${app.id}`} className="field-label">
                    Reason for denying
                  </label>
                  <input id={`deny-${app.id}`} name="reason" className="input" maxLength={500} required />
                </div>
                <SubmitButton variant="danger" pendingLabel="Denying…">
                  Deny
                </SubmitButton>
              </AdminForm>
            </div>
          </div>
        </Card>
      ))}
      {total > items.length ? <p className="muted">Showing the oldest {items.length} of {total}.</p> : null}
    </div>
  );
}

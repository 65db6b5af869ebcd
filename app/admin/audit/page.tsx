import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { KNOWN_AUDIT_ACTIONS, queryAuditEvents, type AuditPage } from "@/lib/audit/query-audit-events";
import { toAppError } from "@/lib/errors/app-error";
import { Table } from "@/app/_components/table";
import { Notice } from "@/app/_components/notice";
import { EmptyState } from "@/app/_components/empty-state";
import { formatDateTime } from "@/app/_components/format";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const FILTERS = ["actor", "action", "app", "team", "from", "to"] as const;
type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

// GET /admin/audit — every event from portal, admin console and CLI, newest first; filters in the
// URL, keyset pagination (`after`), CSV export of the same filter.
export default async function AuditPageView({ searchParams }: { searchParams: Promise<Params> }) {
  await requireAdmin();
  const sp = await searchParams;
  const filter = Object.fromEntries(FILTERS.map((k) => [k, first(sp[k]).slice(0, 320)])) as Record<(typeof FILTERS)[number], string>;
  const cursor = first(sp.after) || null;
  let page: AuditPage | null = null;
  let error: string | null = null;
  try {
    page = await queryAuditEvents(await getPrisma(), filter, { cursor, pageSize: 50 });
  } catch (err) {
    const appError = toAppError(err);
    if (!appError) throw err;
    error = Object.values(appError.fieldErrors).flat().join(" ") || appError.message;
  }
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
  const exportHref = `/admin/audit/export${query.size ? `?${query}` : ""}`;
  const nextHref = page?.nextCursor ? `/admin/audit?${new URLSearchParams([...query, ["after", page.nextCursor]])}` : null;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
          <p>Append-only record of every change: who, what, when, from where. Times are UTC.</p>
        </div>
        <a className="btn btn-secondary" href={exportHref} download data-testid="export-csv">
          Export CSV
        </a>
      </div>
      <form method="get" className="filters" role="search" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="actor" className="field-label">
            Actor email
          </label>
          <input id="actor" name="actor" type="search" className="input" defaultValue={filter.actor} />
        </div>
        <div className="field">
          <label htmlFor="action" className="field-label">
            Action
          </label>
          <input id="action" name="action" className="input mono" list="audit-actions" defaultValue={filter.action} />
          <datalist id="audit-actions">
            {KNOWN_AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="app" className="field-label">
            Application id or client_id
          </label>
          <input id="app" name="app" className="input mono" defaultValue={filter.app} />
        </div>
        <div className="field">
          <label htmlFor="team" className="field-label">
            Team slug or id
          </label>
          <input id="team" name="team" className="input mono" defaultValue={filter.team} />
        </div>
        <div className="field field-date">
          <label htmlFor="from" className="field-label">
            From (UTC)
          </label>
          <input id="from" name="from" type="datetime-local" className="input" defaultValue={filter.from} />
        </div>
        <div className="field field-date">
          <label htmlFor="to" className="field-label">
            To (UTC)
          </label>
          <input id="to" name="to" type="datetime-local" className="input" defaultValue={filter.to} />
        </div>
        <button type="submit" className="btn btn-primary">
          Filter
        </button>
        {query.size ? (
          <Link href="/admin/audit" className="btn btn-ghost">
            Clear
          </Link>
        ) : null}
      </form>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {page && page.items.length === 0 ? <EmptyState title="No events">Nothing matches these filters.</EmptyState> : null}
      {page && page.items.length > 0 ? (
        <>
          <Table caption="Audit events" stacked head={["Time", "Actor", "Action", "Target", "IP", "User agent", "Details"]}>
            {page.items.map((e) => (
              <tr key={String(e.id)}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td>
                  {e.actorEmail ?? e.actorId ?? "—"} <span className="muted small">({e.actorType})</span>
                </td>
                <td className="mono nowrap">{e.action}</td>
                <td className="small">
                  {e.targetType ? (
                    <span className="mono cell-clip" title={`${e.targetType}:${e.targetId ?? ""}`}>
                      {e.targetType}
                    </span>
                  ) : (
                    "—"
                  )}
                  {e.applicationId ? (
                    <div>
                      <Link href={`/admin/apps/${encodeURIComponent(e.applicationId)}`} className="mono" title={e.applicationId}>
                        app …{e.applicationId.slice(-6)}
                      </Link>
                    </div>
                  ) : null}
                </td>
                <td className="mono small nowrap">{e.ip ?? "—"}</td>
                <td className="small">
                  <span className="cell-clip cell-ua" title={e.userAgent ?? undefined}>
                    {e.userAgent ?? "—"}
                  </span>
                </td>
                <td className="small">
                  {e.details ? (
                    <details>
                      <summary>View</summary>
                      <pre className="details-json">{JSON.stringify(e.details, null, 2)}</pre>
                    </details>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </Table>
          <nav className="pager" aria-label="Pagination">
            <span>{cursor ? "Older events" : "Newest events"}</span>
            <span className="pager-links">
              {cursor ? (
                <Link className="btn btn-secondary btn-sm" href={`/admin/audit${query.size ? `?${query}` : ""}`}>
                  ← Newest
                </Link>
              ) : null}
              {nextHref ? (
                <Link className="btn btn-secondary btn-sm" href={nextHref} rel="next">
                  Older →
                </Link>
              ) : null}
            </span>
          </nav>
        </>
      ) : null}
    </div>
  );
}

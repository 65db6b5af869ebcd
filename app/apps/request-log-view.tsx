// The request log of one application (lib/request-log/list-request-log.ts), as owners see it at
// /apps/[id]/requests and admins at /admin/apps/[id]/requests: an outcome filter, the entries
// newest first, a note when some requests are not listed, and keyset pages.
import Link from "next/link";
import type { RequestLogPage } from "@/lib/request-log/list-request-log";
import { Table } from "@/app/_components/table";
import { Notice } from "@/app/_components/notice";
import { EmptyState } from "@/app/_components/empty-state";
import "./request-log.css";

const OUTCOME_TABS = [
  { value: "all", label: "All" },
  { value: "issued", label: "Issued" },
  { value: "failed", label: "Failed" },
] as const;

const AUTH_METHODS: Record<string, string> = {
  client_secret_basic: "Secret (HTTP Basic)",
  client_secret_post: "Secret (form body)",
  private_key_jwt: "Private key JWT",
};

const count = (n: number) => n.toLocaleString("en-US");
/** To the second, UTC: requests come in bursts. */
const formatTime = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`;

export function RequestLogView({
  app,
  basePath,
  page,
  outcome,
  cursor,
  error,
  limits,
}: {
  app: { name: string; clientId: string };
  /** This page's path, e.g. /apps/<id>/requests. */
  basePath: string;
  page: RequestLogPage | null;
  /** The outcome asked for (the filter's value even when it was refused). */
  outcome: string;
  cursor: string | null;
  /** A refused filter or cursor, for the user. */
  error: string | null;
  limits: { perAppPerWindow: number; maxPerApp: number };
}) {
  const hrefFor = (o: string, after?: string) => {
    const q = new URLSearchParams();
    if (o !== "all") q.set("outcome", o);
    if (after) q.set("after", after);
    return q.size ? `${basePath}?${q}` : basePath;
  };
  const current = page?.outcome ?? outcome;
  const missing = page ? page.coverage.counted - page.coverage.kept : 0;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Token requests</h1>
          <p>
            <span className="mono">{app.clientId}</span> · the last 7 days at the token endpoint, newest first. Times are UTC; new requests appear within a few
            seconds.
          </p>
        </div>
      </div>

      <nav className="tabs" aria-label="Filter by outcome">
        {OUTCOME_TABS.map((t) => (
          <Link key={t.value} className="tab" href={hrefFor(t.value)} aria-current={current === t.value ? "page" : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>

      {error ? <Notice tone="error">{error}</Notice> : null}

      {page && missing > 0 ? (
        <Notice tone="info" title="Not every request is listed">
          Keyport counted <strong data-testid="requests-counted">{count(page.coverage.counted)}</strong> token requests of this application in the last 7 days and keeps{" "}
          <strong data-testid="requests-kept">{count(page.coverage.kept)}</strong> of them here. Under load it keeps a sample — at most{" "}
          {count(limits.perAppPerWindow)} requests of one application every 5 seconds — and at most {count(limits.maxPerApp)} entries per application; requests made
          while the database was unreachable may be missing too. The usage counts on the application page include every request.
        </Notice>
      ) : null}

      {page && page.items.length === 0 ? (
        <EmptyState title={cursor ? "No older requests" : current === "all" ? "No token requests yet" : `No ${current} requests`}>
          {cursor ? "That was the last page." : "Nothing in the last 7 days. Requests from unknown client_ids are not logged."}
        </EmptyState>
      ) : null}

      {page && page.items.length > 0 ? (
        <>
          <Table caption="Token requests" stacked head={["Time", "Outcome", "Error", "Source address", "Authentication", "Scope", "Profile"]}>
            {page.items.map((r) => (
              <tr key={r.id} data-testid="request-row" data-outcome={r.outcome}>
                <td data-label="Time" className="request-log-time">
                  <time dateTime={r.at.toISOString()}>{formatTime(r.at)}</time>
                </td>
                <td data-label="Outcome">
                  <span className={`badge ${r.outcome === "issued" ? "badge-ok" : "badge-bad"}`} data-status={r.outcome}>
                    <span className="badge-dot" aria-hidden="true" />
                    {r.outcome === "issued" ? "Issued" : "Failed"}
                  </span>
                </td>
                <td data-label="Error" className="mono">
                  {r.error ?? "—"}
                </td>
                <td data-label="Source address" className="mono">
                  {r.ip ?? "—"}
                </td>
                <td data-label="Authentication">
                  {r.authMethod ? <span title={r.authMethod}>{AUTH_METHODS[r.authMethod] ?? r.authMethod}</span> : "—"}
                </td>
                <td data-label="Scope" className="mono request-log-scope">
                  {r.scope ?? "—"}
                </td>
                <td data-label="Profile" className="mono">
                  {r.profile ?? "—"}
                </td>
              </tr>
            ))}
          </Table>
          {cursor || page.nextCursor ? (
            <nav className="request-log-pager" aria-label="Pagination">
              <span>{cursor ? "Older requests" : "Newest requests"}</span>
              <span className="request-log-pager-links">
                {cursor ? (
                  <Link className="btn btn-secondary btn-sm" href={hrefFor(current)}>
                    ← Newest
                  </Link>
                ) : null}
                {page.nextCursor ? (
                  <Link className="btn btn-secondary btn-sm" href={hrefFor(current, page.nextCursor)} rel="next">
                    Older →
                  </Link>
                ) : null}
              </span>
            </nav>
          ) : null}
        </>
      ) : null}
    </>
  );
}

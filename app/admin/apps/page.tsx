import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { searchApps, type SearchAppsInput } from "@/lib/admin/search-apps";
import { listScopes } from "@/lib/scopes/list-scopes";
import { Table } from "@/app/_components/table";
import { StatusBadge } from "@/app/_components/status-badge";
import { EmptyState } from "@/app/_components/empty-state";
import { formatDate, formatRelative } from "@/app/_components/format";
import { Pager } from "../_components/pager";
import { Tags } from "@/app/_components/tags";

export const metadata: Metadata = { title: "Applications" };
export const dynamic = "force-dynamic";

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// GET /admin/apps — every application; search, filters, sort and page live in the URL.
export default async function AdminAppsPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requireAdmin();
  const sp = await searchParams;
  const input: SearchAppsInput = {
    q: first(sp.q) || undefined,
    status: (first(sp.status) || undefined) as SearchAppsInput["status"],
    scope: first(sp.scope) || undefined,
    sort: (first(sp.sort) || undefined) as SearchAppsInput["sort"],
    page: first(sp.page) || undefined,
  };
  const prisma = await getPrisma();
  const [result, scopes] = await Promise.all([searchApps(prisma, input), listScopes(prisma)]);
  const { query } = result;
  const keep = { q: query.q, status: query.status, scope: query.scope, sort: query.sort === "created_desc" ? undefined : query.sort };
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Applications</h1>
          <p>Search by name, client_id or owner email; filter and sort. Open an application to act on it.</p>
        </div>
      </div>
      <form method="get" className="filters" role="search" aria-label="Search applications">
        <div className="field field-wide">
          <label htmlFor="q" className="field-label">
            Search
          </label>
          <input id="q" name="q" type="search" className="input" defaultValue={query.q ?? ""} placeholder="Name, client_id or owner email" />
        </div>
        <div className="field">
          <label htmlFor="status" className="field-label">
            Status
          </label>
          <select id="status" name="status" className="select" defaultValue={query.status ?? ""}>
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="pending">Pending approval</option>
            <option value="disabled">Disabled</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="scope" className="field-label">
            Scope
          </label>
          <select id="scope" name="scope" className="select" defaultValue={query.scope ?? ""}>
            <option value="">Any scope</option>
            {scopes.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
                {s.retiredAt ? " (retired)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort" className="field-label">
            Sort by
          </label>
          <select id="sort" name="sort" className="select" defaultValue={query.sort}>
            <option value="created_desc">Newest first</option>
            <option value="created_asc">Oldest first</option>
            <option value="last_token_desc">Last token: recent first</option>
            <option value="last_token_asc">Last token: least recent first</option>
          </select>
        </div>
        <button type="submit" className="btn btn-primary">
          Search
        </button>
        {query.q || query.status || query.scope ? (
          <Link href="/admin/apps" className="btn btn-ghost">
            Clear
          </Link>
        ) : null}
      </form>
      {result.items.length === 0 ? (
        <EmptyState title="No applications match">Try a different search or clear the filters.</EmptyState>
      ) : (
        <>
          {/* Fits 1280 px: the client_id sits under the name (as in the owner list) and long
              values wrap; on a phone each row is a card (stacked). */}
          <Table caption="Applications" stacked head={["Application", "Owner", "Status", "Auth", "Scopes", "Created", "Last token"]}>
            {result.items.map((app) => (
              <tr key={app.id}>
                <td>
                  <div>
                    <Link href={`/admin/apps/${encodeURIComponent(app.id)}`}>{app.name}</Link>
                    <div className="mono muted small break-anywhere">
                      {app.clientId}
                    </div>
                  </div>
                </td>
                <td className="break-anywhere" title={app.owner.email}>
                  {app.owner.email}
                </td>
                <td>
                  <StatusBadge status={app.status} />
                </td>
                <td className="nowrap" data-testid="auth-method">
                  <div>
                    {app.authMethod === "private_key_jwt" ? "private_key_jwt" : "secret"}
                    {app.requireDpop ? <span className="tag">DPoP</span> : null}
                  </div>
                </td>
                <td>
                  <div>
                    <Tags values={app.scopes} />
                  </div>
                </td>
                <td className="nowrap">{formatDate(app.createdAt)}</td>
                <td>{formatRelative(app.lastTokenAt)}</td>
              </tr>
            ))}
          </Table>
          <Pager basePath="/admin/apps" params={keep} page={result.page} pageCount={result.pageCount} total={result.total} noun="application" />
        </>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { listTeams, type ListTeamsInput } from "@/lib/teams/list-teams";
import { Table } from "@/app/_components/table";
import { EmptyState } from "@/app/_components/empty-state";
import { formatDate } from "@/app/_components/format";
import { Pager } from "../_components/pager";

export const metadata: Metadata = { title: "Teams" };
export const dynamic = "force-dynamic";

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// GET /admin/teams — every team; search (slug, name or id), personal/shared filter and page in the URL.
export default async function AdminTeamsPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requireAdmin();
  const sp = await searchParams;
  const kind = first(sp.kind);
  const input: ListTeamsInput = {
    q: first(sp.q) || undefined,
    kind: kind === "shared" || kind === "personal" ? kind : "all",
    page: first(sp.page) || undefined,
  };
  const result = await listTeams(await getPrisma(), input);
  const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Teams</h1>
          <p>Every application belongs to a team. Open a team to see its members, invitations and applications.</p>
        </div>
      </div>
      <form method="get" className="filters" role="search" aria-label="Search teams">
        <div className="field field-wide">
          <label htmlFor="q" className="field-label">
            Search
          </label>
          <input id="q" name="q" type="search" className="input" defaultValue={input.q ?? ""} placeholder="Slug, name or team id" />
        </div>
        <div className="field">
          <label htmlFor="kind" className="field-label">
            Kind
          </label>
          <select id="kind" name="kind" className="select" defaultValue={input.kind}>
            <option value="all">All teams</option>
            <option value="shared">Shared teams</option>
            <option value="personal">Personal teams</option>
          </select>
        </div>
        <div className="field">
          <button type="submit" className="btn btn-secondary">
            Search
          </button>
        </div>
      </form>
      {result.items.length === 0 ? (
        <EmptyState title="No teams match">Try another search.</EmptyState>
      ) : (
        <Table caption="Teams" stacked head={["Team", "Kind", "Members", "Applications", "Created"]}>
          {result.items.map((t) => (
            <tr key={t.id} data-testid={`admin-team-${t.slug}`}>
              <td data-label="Team">
                <div>
                  <Link href={`/admin/teams/${encodeURIComponent(t.id)}`}>{t.name}</Link>
                  <div className="mono muted small">{t.slug}</div>
                </div>
              </td>
              <td data-label="Kind">{t.personal ? "Personal" : "Shared"}</td>
              <td data-label="Members">{t.members}</td>
              <td data-label="Applications">{t.applications}</td>
              <td data-label="Created">{formatDate(t.createdAt)}</td>
            </tr>
          ))}
        </Table>
      )}
      <Pager basePath="/admin/teams" params={{ q: input.q, kind: input.kind === "all" ? undefined : input.kind }} page={result.page} pageCount={pageCount} total={result.total} noun="team" />
    </div>
  );
}

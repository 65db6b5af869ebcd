import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { getConfig } from "@/lib/config/env";
import { EXPIRY_WINDOWS, listExpiringSecrets, type ExpiryWindow } from "@/lib/admin/list-expiring-secrets";
import { describeDuration, formatDuration } from "@/lib/secrets/secret-lifetime";
import { Table } from "@/app/_components/table";
import { StatusBadge } from "@/app/_components/status-badge";
import { EmptyState } from "@/app/_components/empty-state";
import { formatDateTime, formatRelative } from "@/app/_components/format";
import { Pager } from "../_components/pager";

export const metadata: Metadata = { title: "Secrets expiring soon" };
export const dynamic = "force-dynamic";

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const WINDOW_LABELS: Record<ExpiryWindow, string> = { "24h": "24 hours", "7d": "7 days", "30d": "30 days", "90d": "90 days" };

// GET /admin/secrets — live client secrets that expire soon, soonest first, with the reminders sent.
export default async function ExpiringSecretsPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requireAdmin();
  const sp = await searchParams;
  const now = new Date();
  const result = await listExpiringSecrets(await getPrisma(), { within: first(sp.within), page: first(sp.page) }, now);
  const config = getConfig();
  const offsets = config.KEYPORT_SECRET_REMINDERS;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Secrets expiring soon</h1>
          <p>
            Working client secrets that expire within {WINDOW_LABELS[result.within]}, soonest first. Owners are emailed{" "}
            {offsets.length ? `${offsets.map(describeDuration).join(", ")} before expiry` : "no reminders (KEYPORT_SECRET_REMINDERS is empty)"}, each reminder once. Secrets
            already replaced by a rotation (expiring at the end of their grace period), revoked secrets and disabled applications are not listed and not reminded about.
            {config.KEYPORT_SECRET_TTL ? ` New secrets expire after ${describeDuration(config.KEYPORT_SECRET_TTL)} (KEYPORT_SECRET_TTL) unless the application has its own policy.` : ""}
          </p>
        </div>
      </div>
      <form method="get" className="filters" aria-label="Expiry window">
        <div className="field">
          <label htmlFor="within" className="field-label">
            Expiring within
          </label>
          <select id="within" name="within" className="select" defaultValue={result.within}>
            {(Object.keys(EXPIRY_WINDOWS) as ExpiryWindow[]).map((w) => (
              <option key={w} value={w}>
                {WINDOW_LABELS[w]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-secondary">
          Show
        </button>
      </form>
      {result.items.length === 0 ? (
        <EmptyState title="No secrets expire soon">No working client secret expires within {WINDOW_LABELS[result.within]}.</EmptyState>
      ) : (
        <>
          <Table caption="Secrets expiring soon" head={["Application", "Owner", "Secret", "Expires", "Reminders sent", "Actions"]} stacked>
            {result.items.map((s) => {
              const sent = s.reminders.filter((r) => r.outcome === "sent");
              return (
                <tr key={s.secretId} data-testid="expiring-secret">
                  <td data-label="Application">
                    <Link href={`/admin/apps/${encodeURIComponent(s.app.id)}`}>{s.app.name}</Link>
                    <div className="mono muted">{s.app.clientId}</div>
                    {s.app.status !== "active" ? <StatusBadge status={s.app.status} /> : null}
                  </td>
                  <td data-label="Owner" className="cell-clip" title={s.ownerEmail}>
                    {s.ownerEmail}
                  </td>
                  <td data-label="Secret" className="mono">
                    …{s.hint}
                  </td>
                  <td data-label="Expires" className="nowrap">
                    {formatDateTime(s.expiresAt)}
                    <div className="muted">{formatRelative(s.expiresAt, now)}</div>
                  </td>
                  <td data-label="Reminders sent" data-testid="reminders-sent">
                    {sent.length ? sent.map((r) => `${formatDuration(r.offsetSeconds)} before (${formatDateTime(r.at)})`).join(", ") : "None yet"}
                  </td>
                  <td data-label="Actions">
                    <Link href={`/admin/apps/${encodeURIComponent(s.app.id)}`} aria-label={`Open ${s.app.name} to rotate its secret`}>
                      Open to rotate
                    </Link>
                  </td>
                </tr>
              );
            })}
          </Table>
          <Pager basePath="/admin/secrets" params={{ within: result.within === "30d" ? undefined : result.within }} page={result.page} pageCount={result.pageCount} total={result.total} noun="expiring secret" />
        </>
      )}
    </div>
  );
}

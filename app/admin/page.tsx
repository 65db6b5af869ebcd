import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { getOverviewStats } from "@/lib/admin/get-overview-stats";
import { Card } from "@/app/_components/card";
import { BarChart } from "@/app/_components/bar-chart";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

// GET /admin — counts and the 30-day token chart.
export default async function AdminOverviewPage() {
  await requireAdmin();
  const stats = await getOverviewStats(await getPrisma());
  const failed30 = stats.days.reduce((n, d) => n + d.failed, 0);
  const issued30 = stats.days.reduce((n, d) => n + d.issued, 0);
  const tiles: Array<{ label: string; value: number; href?: string; testId: string }> = [
    { label: "Applications", value: stats.apps.total, href: "/admin/apps", testId: "stat-total" },
    { label: "Active", value: stats.apps.active, href: "/admin/apps?status=active", testId: "stat-active" },
    { label: "Pending approval", value: stats.pendingApprovals, href: "/admin/approvals", testId: "stat-pending" },
    { label: "Disabled", value: stats.apps.disabled, href: "/admin/apps?status=disabled", testId: "stat-disabled" },
    { label: "Tokens issued today", value: stats.tokensIssuedToday, testId: "stat-issued-today" },
    { label: "Failed requests today", value: stats.failedToday, testId: "stat-failed-today" },
  ];
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Admin overview</h1>
          <p>Every credential Keyport has issued, at a glance. Times are UTC.</p>
        </div>
      </div>
      <div className="stat-grid">
        {tiles.map((t) => {
          const body = (
            <>
              <span className="stat-label">{t.label}</span>
              <span className="stat-value" data-testid={t.testId}>
                {t.value.toLocaleString("en-US")}
              </span>
            </>
          );
          return t.href ? (
            <Link key={t.label} href={t.href} className="stat">
              {body}
            </Link>
          ) : (
            <div key={t.label} className="stat">
              {body}
            </div>
          );
        })}
      </div>
      <Card title="Tokens per day" description={`Last 30 days: ${issued30.toLocaleString("en-US")} issued, ${failed30.toLocaleString("en-US")} failed requests. Counters are flushed every few seconds.`}>
        <BarChart
          title="Access tokens issued and failed token requests per day, last 30 days"
          data={stats.days.map((d) => ({ label: d.day.slice(5), value: d.issued, secondary: d.failed }))}
          valueLabel="Issued"
          secondaryLabel="Failed"
        />
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { getConfig } from "@/lib/config/env";
import { getApp } from "@/lib/apps/get-app";
import { toAppError } from "@/lib/errors/app-error";
import { RequestLogView } from "@/app/apps/request-log-view";
import { loadRequestLog } from "@/app/apps/load-request-log";

export const metadata: Metadata = { title: "Token requests" };
export const dynamic = "force-dynamic";

// GET /admin/apps/:id/requests — any application's token requests of the last 7 days, as its team sees them.
export default async function AdminAppRequestsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin();
  const { id } = await params;
  const prisma = await getPrisma();
  const app = await getApp(prisma, { id }).catch((err: unknown) => {
    if (toAppError(err)?.code === "not_found") notFound();
    throw err;
  });
  const loaded = await loadRequestLog(prisma, { id: app.id }, await searchParams);
  const config = getConfig();
  const appPath = `/admin/apps/${encodeURIComponent(app.id)}`;
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link href="/admin/apps">Applications</Link> / <Link href={appPath}>{app.name}</Link> / Token requests
      </p>
      <RequestLogView
        app={app}
        basePath={`${appPath}/requests`}
        {...loaded}
        limits={{ perAppPerWindow: config.KEYPORT_REQUEST_LOG_SAMPLE, maxPerApp: config.KEYPORT_REQUEST_LOG_MAX_PER_APP }}
      />
    </div>
  );
}

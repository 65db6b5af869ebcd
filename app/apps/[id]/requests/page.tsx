import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/runtime";
import { getConfig } from "@/lib/config/env";
import { toAppError } from "@/lib/errors/app-error";
import { requireAppAccess } from "@/lib/teams/authorize";
import { userPrincipal } from "@/lib/teams/principal";
import { requireUser } from "@/app/_lib/session";
import { RequestLogView } from "../../request-log-view";
import { loadRequestLog } from "../../load-request-log";

export const metadata: Metadata = { title: "Token requests" };
export const dynamic = "force-dynamic";

// GET /apps/:id/requests — the application's token requests of the last 7 days (issue #11 §4), for
// every member of its team (viewers included: reading is all it does). Not a member: 404.
export default async function AppRequestsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const user = await requireUser(`/apps/${encodeURIComponent(id)}/requests`);
  const prisma = await getPrisma();
  const access = await requireAppAccess(prisma, userPrincipal(user.id), id, "viewer").catch((err: unknown) => {
    if (toAppError(err)?.code === "not_found") notFound();
    throw err;
  });
  const loaded = await loadRequestLog(prisma, access.ref, await searchParams).catch((err: unknown) => {
    if (toAppError(err)?.code === "not_found") notFound();
    throw err;
  });
  const config = getConfig();
  const appPath = `/apps/${encodeURIComponent(access.app.id)}`;
  return (
    <>
      <div className="breadcrumb">
        <Link href="/apps">My applications</Link> / <Link href={appPath}>{access.app.name}</Link> /
      </div>
      <div className="stack">
        <RequestLogView
          app={access.app}
          basePath={`${appPath}/requests`}
          {...loaded}
          limits={{ perAppPerWindow: config.KEYPORT_REQUEST_LOG_SAMPLE, maxPerApp: config.KEYPORT_REQUEST_LOG_MAX_PER_APP }}
        />
      </div>
    </>
  );
}

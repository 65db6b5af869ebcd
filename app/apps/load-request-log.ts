// Search params → one page of the request log for the owner's and the admin's page: a refused
// filter or cursor becomes a message on the page (a 400-class mistake, not an error page).
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AppRef } from "@/lib/apps/app-ref";
import { toAppError } from "@/lib/errors/app-error";
import { listRequestLog, type RequestLogPage } from "@/lib/request-log/list-request-log";

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export interface LoadedRequestLog {
  page: RequestLogPage | null;
  outcome: string;
  cursor: string | null;
  error: string | null;
}

export async function loadRequestLog(prisma: PrismaClient, app: AppRef, sp: Params): Promise<LoadedRequestLog> {
  const outcome = first(sp.outcome).slice(0, 20) || "all";
  const cursor = first(sp.after).slice(0, 300) || null;
  try {
    return { page: await listRequestLog(prisma, { app, outcome, cursor }), outcome, cursor, error: null };
  } catch (err) {
    const e = toAppError(err);
    if (e?.code !== "invalid_input") throw err;
    return { page: null, outcome, cursor, error: Object.values(e.fieldErrors).flat().join(" ") || e.message };
  }
}

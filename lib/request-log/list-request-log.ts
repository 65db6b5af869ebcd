// The request log as owners (and admins, and the automation API) read it: one application's token
// requests of the last 7 days, newest first, filtered by outcome, with keyset pagination on
// (at, id) over the (applicationId, at) index. Who may see which application is the AppRef's
// business: the portal and the automation API pass the ref requireAppAccess (lib/teams/authorize.ts)
// returned, and its team and membership are part of this query's `where` — an application of
// another team, or one the person has just lost access to, is simply not found.
import { z } from "zod";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { AppError, notFound, parseInput } from "../errors/app-error";
import { appWhere, type AppRef } from "../apps/app-ref";
import { REQUEST_LOG_RETENTION_MS } from "./request-log-limits";

const HOUR_MS = 3_600_000;

export const REQUEST_LOG_OUTCOMES = ["all", "issued", "failed"] as const;
export type RequestLogOutcomeFilter = (typeof REQUEST_LOG_OUTCOMES)[number];

export const requestLogQuerySchema = z.object({
  outcome: z.enum(REQUEST_LOG_OUTCOMES, { error: "Outcome must be all, issued or failed" }).default("all"),
  /** Opaque cursor of the next (older) page. */
  cursor: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || undefined),
  pageSize: z.number().int().min(1).max(200).default(50),
});
/** Raw input (search params, API query): validated here, bad values are invalid_input (400). */
export interface RequestLogQuery {
  outcome?: string;
  cursor?: string | null;
  pageSize?: number;
}

const entrySelect = {
  id: true,
  at: true,
  outcome: true,
  error: true,
  ip: true,
  authMethod: true,
  scope: true,
  profile: true,
  grantType: true,
} satisfies Prisma.TokenRequestLogSelect;

export interface RequestLogEntry {
  /** Row id as a string (a bigint, JSON-safe). */
  id: string;
  at: Date;
  outcome: "issued" | "failed";
  /** RFC 6749 §5.2 error code of a failed request. */
  error: string | null;
  ip: string | null;
  authMethod: string | null;
  /** Granted scope (issued) or the requested one (failed), when there was one. */
  scope: string | null;
  profile: string | null;
  grantType: string | null;
}

export interface RequestLogPage {
  app: { id: string; clientId: string; name: string };
  items: RequestLogEntry[];
  /** Cursor of the next (older) page, or null on the last page. */
  nextCursor: string | null;
  outcome: RequestLogOutcomeFilter;
  /** Oldest time shown: now minus the retention. */
  since: Date;
  /**
   * Token requests the usage counters saw (never sampled) and entries kept here, over the same
   * whole hours of the window. counted > kept: entries were sampled under load, capped per
   * application, or lost while the database was down.
   */
  coverage: { counted: number; kept: number };
}

/** Opaque keyset cursor: the (at, id) of the last row of the previous page. */
export function encodeRequestLogCursor(row: { at: Date; id: bigint | string }): string {
  return Buffer.from(`${row.at.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeRequestLogCursor(cursor: string): { at: Date; id: bigint } {
  const [at, id, extra] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = new Date(at ?? "");
  if (extra !== undefined || !id || !/^\d{1,19}$/.test(id) || Number.isNaN(date.getTime())) throw new AppError("invalid_input", "Invalid page cursor");
  return { at: date, id: BigInt(id) };
}

export async function listRequestLog(prisma: PrismaClient, input: { app: AppRef; now?: number } & RequestLogQuery): Promise<RequestLogPage> {
  const { outcome, cursor, pageSize } = parseInput(requestLogQuerySchema, { outcome: input.outcome, cursor: input.cursor, pageSize: input.pageSize });
  const after = cursor ? decodeRequestLogCursor(cursor) : null;
  const app = await prisma.application.findFirst({ where: appWhere(input.app), select: { id: true, clientId: true, name: true } });
  if (!app) throw notFound("Application not found");

  const now = input.now ?? Date.now();
  const since = new Date(now - REQUEST_LOG_RETENTION_MS);
  // The first whole hour inside the window: TokenUsage counts by the hour.
  const fullHours = new Date(Math.ceil(since.getTime() / HOUR_MS) * HOUR_MS);
  const base: Prisma.TokenRequestLogWhereInput = {
    applicationId: app.id,
    at: { gte: since },
    ...(outcome === "all" ? {} : { outcome }),
  };
  const where: Prisma.TokenRequestLogWhereInput = after
    ? { AND: [base, { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] }] }
    : base;
  const [rows, usage, kept] = await Promise.all([
    prisma.tokenRequestLog.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: pageSize + 1, select: entrySelect }),
    prisma.tokenUsage.aggregate({ where: { applicationId: app.id, hour: { gte: fullHours } }, _sum: { issued: true, failed: true } }),
    prisma.tokenRequestLog.count({ where: { applicationId: app.id, at: { gte: fullHours } } }),
  ]);
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return {
    app,
    items: page.map((r) => ({ ...r, id: String(r.id), outcome: r.outcome === "issued" ? "issued" : "failed" })),
    nextCursor: rows.length > pageSize && last ? encodeRequestLogCursor(last) : null,
    outcome,
    since,
    coverage: { counted: (usage._sum.issued ?? 0) + (usage._sum.failed ?? 0), kept },
  };
}

// The admin console's application list: every application, searched, filtered, sorted and
// paginated in the database. Built to stay fast with 100,000+ applications: each search branch
// is answered by an index (clientId/id B-trees, trigram GIN on name and on owner email, GIN on
// scopes), so PostgreSQL combines them with a BitmapOr instead of scanning the table.
import { z } from "zod";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { parseInput } from "../errors/app-error";
import { appSummarySelect, type AppSummary } from "../apps/app-view";

export const APP_SORTS = ["created_desc", "created_asc", "last_token_desc", "last_token_asc"] as const;
export type AppSort = (typeof APP_SORTS)[number];

/** Search params arrive as strings from the URL; anything unexpected falls back to the default. */
export const searchAppsSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(["pending", "active", "disabled"]).optional().catch(undefined),
  scope: z.string().trim().max(100).optional().catch(undefined),
  sort: z.enum(APP_SORTS).default("created_desc").catch("created_desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25).catch(25),
});
export type SearchAppsInput = z.input<typeof searchAppsSchema>;
export type SearchAppsQuery = z.output<typeof searchAppsSchema>;

// `id` breaks ties so pages never overlap. lastTokenAt DESC NULLS LAST matches the index of
// migration 20261123104500_admin_last_token_index (its backward scan serves ASC NULLS FIRST).
const ORDER: Record<AppSort, Prisma.ApplicationOrderByWithRelationInput[]> = {
  created_desc: [{ createdAt: "desc" }, { id: "desc" }],
  created_asc: [{ createdAt: "asc" }, { id: "asc" }],
  last_token_desc: [{ lastTokenAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
  last_token_asc: [{ lastTokenAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
};

/**
 * Owners whose email contains the query, looked up first (trigram index on User.email) so the
 * application query gets a plain `ownerId IN (…)` branch it can answer from its ownerId index.
 * Above this many matching owners the list would be unwieldy; we fall back to a join filter,
 * which is correct, only slower.
 */
const MAX_OWNER_IDS = 500;

export interface AppPage {
  items: AppSummary[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  query: SearchAppsQuery;
}

export async function buildSearchWhere(prisma: PrismaClient, query: SearchAppsQuery): Promise<Prisma.ApplicationWhereInput> {
  const where: Prisma.ApplicationWhereInput = {};
  if (query.status) where.status = query.status;
  if (query.scope) where.scopes = { has: query.scope };
  if (query.q) {
    const q = query.q;
    const owners = await prisma.user.findMany({
      where: { email: { contains: q.toLowerCase() } },
      select: { id: true },
      take: MAX_OWNER_IDS + 1,
    });
    const ownerBranch: Prisma.ApplicationWhereInput =
      owners.length > MAX_OWNER_IDS
        ? { owner: { email: { contains: q.toLowerCase() } } }
        : { ownerId: { in: owners.map((o) => o.id) } };
    where.OR = [{ clientId: q }, { id: q }, { name: { contains: q, mode: "insensitive" } }, ...(owners.length ? [ownerBranch] : [])];
  }
  return where;
}

export async function searchApps(prisma: PrismaClient, rawInput: SearchAppsInput = {}): Promise<AppPage> {
  const query = parseInput(searchAppsSchema, rawInput);
  const where = await buildSearchWhere(prisma, query);
  const total = await prisma.application.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / query.pageSize));
  const page = Math.min(query.page, pageCount);
  const items = total
    ? await prisma.application.findMany({
        where,
        select: appSummarySelect,
        orderBy: ORDER[query.sort],
        skip: (page - 1) * query.pageSize,
        take: query.pageSize,
      })
    : [];
  return { items, total, page, pageSize: query.pageSize, pageCount, query: { ...query, page } };
}

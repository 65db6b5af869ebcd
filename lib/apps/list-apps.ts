import { z } from "zod";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { AppError, parseInput } from "../errors/app-error";
import { appSummarySelect, type AppSummary } from "./app-view";

export const listAppsSchema = z.object({
  /** Applications of the teams this user is a member of ("My apps"). */
  memberUserId: z.string().optional(),
  /** One team's applications (id). */
  teamId: z.string().max(128).optional(),
  /** Name (substring), exact client_id, or owner email (substring). */
  q: z.string().trim().max(200).optional(),
  status: z.enum(["pending", "active", "disabled"]).optional(),
  scope: z.string().trim().max(100).optional(),
  sort: z.enum(["created_desc", "created_asc", "last_token_desc", "last_token_asc", "name_asc"]).default("created_desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  /**
   * Keyset position (the automation API's cursor): only applications after this one in
   * created_desc order — stable while applications are added, unlike `page`.
   */
  after: z.object({ createdAt: z.date(), id: z.string().max(128) }).optional(),
});
export type ListAppsInput = z.input<typeof listAppsSchema>;

const ORDER: Record<z.infer<typeof listAppsSchema>["sort"], Prisma.ApplicationOrderByWithRelationInput[]> = {
  created_desc: [{ createdAt: "desc" }, { id: "desc" }],
  created_asc: [{ createdAt: "asc" }, { id: "asc" }],
  last_token_desc: [{ lastTokenAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
  last_token_asc: [{ lastTokenAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
  name_asc: [{ name: "asc" }, { id: "asc" }],
};

/** One page of applications; filters and ordering run in the database, on indexed columns. */
export async function listApps(
  prisma: PrismaClient,
  rawInput: ListAppsInput = {},
): Promise<{ items: AppSummary[]; total: number; page: number; pageSize: number }> {
  const input = parseInput(listAppsSchema, rawInput);
  const where: Prisma.ApplicationWhereInput = {};
  if (input.memberUserId) where.team = { members: { some: { userId: input.memberUserId } } };
  if (input.teamId) where.teamId = input.teamId;
  if (input.status) where.status = input.status;
  if (input.scope) where.scopes = { has: input.scope };
  if (input.q) {
    where.OR = [
      { clientId: input.q },
      { id: input.q },
      { name: { contains: input.q, mode: "insensitive" } },
      { owner: { email: { contains: input.q.toLowerCase() } } },
    ];
  }
  if (input.after && input.sort !== "created_desc") throw new AppError("invalid_input", "A position needs the created_desc order", { after: ["Only with sort created_desc"] });
  // The total counts every match; the page starts after the keyset position.
  const pageWhere: Prisma.ApplicationWhereInput = input.after
    ? { AND: [where, { OR: [{ createdAt: { lt: input.after.createdAt } }, { createdAt: input.after.createdAt, id: { lt: input.after.id } }] }] }
    : where;
  const [items, total] = await Promise.all([
    prisma.application.findMany({
      where: pageWhere,
      select: appSummarySelect,
      orderBy: ORDER[input.sort],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
    prisma.application.count({ where }),
  ]);
  return { items, total, page: input.page, pageSize: input.pageSize };
}

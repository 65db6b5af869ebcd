// The admin console's teams list: search by slug or name, newest first, paginated on the server.
import { z } from "zod";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { parseInput } from "../errors/app-error";

export const listTeamsSchema = z.object({
  q: z.string().trim().max(200).optional(),
  kind: z.enum(["all", "shared", "personal"]).default("all"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListTeamsInput = z.input<typeof listTeamsSchema>;

export interface TeamListItem {
  id: string;
  slug: string;
  name: string;
  personal: boolean;
  createdAt: Date;
  members: number;
  applications: number;
}

export async function listTeams(prisma: PrismaClient, rawInput: ListTeamsInput = {}): Promise<{ items: TeamListItem[]; total: number; page: number; pageSize: number }> {
  const input = parseInput(listTeamsSchema, rawInput);
  const where: Prisma.TeamWhereInput = {};
  if (input.kind === "shared") where.personalUserId = null;
  if (input.kind === "personal") where.personalUserId = { not: null };
  if (input.q) {
    const q = input.q.toLowerCase();
    where.OR = [{ id: input.q }, { slug: { contains: q } }, { name: { contains: input.q, mode: "insensitive" } }];
  }
  const [rows, total] = await Promise.all([
    prisma.team.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: { id: true, slug: true, name: true, personalUserId: true, createdAt: true, _count: { select: { members: true, applications: true } } },
    }),
    prisma.team.count({ where }),
  ]);
  return {
    items: rows.map((t) => ({ id: t.id, slug: t.slug, name: t.name, personal: t.personalUserId !== null, createdAt: t.createdAt, members: t._count.members, applications: t._count.applications })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

// Every user has a personal team, created with the user: on first sign-in (the Auth.js adapter,
// lib/teams/with-personal-teams.ts), by registration, the CLI and admin paths
// (lib/teams/find-or-create-user.ts), and lazily on a portal request should both have missed it.
// Idempotent and safe under concurrency: the unique personalUserId makes a second creation a
// no-op, and INSERT … ON CONFLICT DO NOTHING never aborts the caller's transaction.
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { generateTeamId } from "./generate-team-id";
import { firstFreeSlug, personalTeamSlugBase } from "./personal-team-slug";

type Db = Pick<PrismaClient, "team" | "$queryRaw"> | Pick<Prisma.TransactionClient, "team" | "$queryRaw">;

export interface PersonalTeam {
  id: string;
  slug: string;
}

export async function ensurePersonalTeam(db: Db, user: { id: string; email: string }): Promise<PersonalTeam> {
  const existing = await db.team.findUnique({ where: { personalUserId: user.id }, select: { id: true, slug: true } });
  if (existing) return existing;
  const base = personalTeamSlugBase(user.email);
  for (let attempt = 0; attempt < 5; attempt++) {
    const taken = await db.team.findMany({ where: { OR: [{ slug: base }, { slug: { startsWith: `${base}-` } }] }, select: { slug: true } });
    const slug = firstFreeSlug(base, new Set(taken.map((t) => t.slug)));
    const id = generateTeamId();
    // One statement, so the team never exists without its admin. Either unique index may be hit
    // by a concurrent creation: the user's own (then the team exists now) or the slug (then try
    // the next one).
    const inserted = await db.$queryRaw<Array<{ teamId: string }>>`
      WITH team AS (
        INSERT INTO "Team" ("id", "slug", "name", "personalUserId") VALUES (${id}, ${slug}, ${user.email}, ${user.id})
        ON CONFLICT DO NOTHING RETURNING "id"
      )
      INSERT INTO "TeamMember" ("teamId", "userId", "role") SELECT "id", ${user.id}, 'admin'::"TeamRole" FROM team
      RETURNING "teamId"`;
    if (inserted.length) return { id, slug };
    const raced = await db.team.findUnique({ where: { personalUserId: user.id }, select: { id: true, slug: true } });
    if (raced) return raced;
  }
  throw new Error(`could not find a free slug for the personal team of ${user.id}`);
}

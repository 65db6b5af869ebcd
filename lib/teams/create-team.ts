// A new (shared) team: its creator is its first admin. One transaction with its audit event.
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, parseInput } from "../errors/app-error";
import { teamNameSchema, teamSlugSchema } from "./team-schemas";
import { generateTeamId } from "./generate-team-id";

export const createTeamSchema = z.object({ name: teamNameSchema, slug: teamSlugSchema });
export type CreateTeamInput = z.input<typeof createTeamSchema>;

export async function createTeam(
  prisma: PrismaClient,
  rawInput: CreateTeamInput,
  creator: { userId: string },
  actor: Actor,
): Promise<{ id: string; slug: string; name: string }> {
  const input = parseInput(createTeamSchema, rawInput);
  try {
    return await prisma.$transaction(async (tx) => {
      const team = await tx.team.create({
        data: { id: generateTeamId(), slug: input.slug, name: input.name, members: { create: { userId: creator.userId, role: "admin" } } },
        select: { id: true, slug: true, name: true },
      });
      await recordAuditEvent(tx, actor, { action: "team.create", targetType: "team", targetId: team.id, teamId: team.id, details: { slug: team.slug, name: team.name } });
      return team;
    });
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === "P2002") {
      throw new AppError("conflict", "That slug is taken", { slug: [`${input.slug} is taken; choose another`] });
    }
    throw err;
  }
}

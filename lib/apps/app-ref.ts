import type { Prisma } from "../generated/prisma/client";
import { notFound } from "../errors/app-error";
import type { TeamRole } from "../teams/team-roles";

/**
 * Which application, as seen by whom. The portal and the automation API get one from
 * requireAppAccess() (lib/teams/authorize.ts): `teamId` and `member` go into every query's
 * `where`, so the domain function re-checks inside its own transaction that the app is still the
 * team's and the person still holds one of `roles` there — another team's application, or one
 * the person just lost access to, is simply not found (a 404, never a 403 that would confirm it
 * exists). Admins and the CLI pass only the id.
 */
export interface AppRef {
  /** Application id or client_id. */
  id: string;
  /** Only this team's application. */
  teamId?: string;
  /** Only while this user holds one of `roles` in the application's team. */
  member?: { userId: string; roles: readonly TeamRole[] };
  /**
   * Gone with teams: an application belongs to a team, not to its creator. Declared `never` so a
   * leftover `{ id, ownerId }` is a type error instead of a silently unscoped lookup.
   */
  ownerId?: never;
}

/** The team/membership part of a ref's `where` (for updates by id that must stay scoped). */
export function appScopeWhere(ref: AppRef): Prisma.ApplicationWhereInput {
  return {
    ...(ref.teamId ? { teamId: ref.teamId } : {}),
    ...(ref.member ? { team: { members: { some: { userId: ref.member.userId, role: { in: [...ref.member.roles] } } } } } : {}),
  };
}

export function appWhere(ref: AppRef): Prisma.ApplicationWhereInput {
  return { OR: [{ id: ref.id }, { clientId: ref.id }], ...appScopeWhere(ref) };
}

/** Resolve a reference to the application's id and current state, or throw not_found. */
export async function resolveApp(tx: Prisma.TransactionClient, ref: AppRef) {
  const app = await tx.application.findFirst({
    where: appWhere(ref),
    select: { id: true, clientId: true, name: true, status: true, ownerId: true, teamId: true, secretTtlSeconds: true, scopes: true, audiences: true },
  });
  if (!app) throw notFound("Application not found");
  return app;
}

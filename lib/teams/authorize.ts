// Authorization for everything a team owns, written once for the portal (a signed-in person) and
// the automation API (an application acting for its team). Membership is read from the database
// on every call — nothing is cached beyond the request — so removing a member takes effect on
// their next request.
//
// - Not a member of the owning team (or another team's app, for an application): not_found (404),
//   never revealing that the application or team exists.
// - A member whose role is too weak: forbidden (403).
//
// The returned `ref` carries the team and the required roles into the domain function's own
// queries (lib/apps/app-ref.ts, lib/teams/team-ref.ts): the check is repeated inside its
// transaction, not just before it.
import type { PrismaClient, Prisma } from "../generated/prisma/client";
import { AppError, notFound } from "../errors/app-error";
import type { AppRef } from "../apps/app-ref";
import type { Principal } from "./principal";
import type { TeamRef } from "./team-ref";
import { hasRole, rolesAtLeast, type TeamRole } from "./team-roles";

type Db = Pick<PrismaClient, "application" | "team"> | Pick<Prisma.TransactionClient, "application" | "team">;

/** An application's identifiers are at most 128 characters (client_id); ids far longer are refused unread. */
const MAX_REF_LENGTH = 128;

export interface AppAccess {
  app: { id: string; clientId: string; name: string; teamId: string };
  /** The principal's role in the application's team (an application acting for its team: admin). */
  role: TeamRole;
  /** Hand this to the domain function: its queries re-check the team and the role. */
  ref: AppRef;
}

export interface TeamAccess {
  team: { id: string; slug: string; name: string; personal: boolean };
  role: TeamRole;
  ref: TeamRef;
}

function forbidden(role: TeamRole, need: TeamRole): AppError {
  return new AppError("forbidden", `This needs the ${need} role in the team; yours is ${role}. Ask one of the team's admins.`);
}

/**
 * The application `appId` (id or client_id), if `principal` may act on it with at least `need`;
 * otherwise not_found (not in the owning team) or forbidden (the role is too weak).
 */
export async function requireAppAccess(db: Db, principal: Principal, appId: string, need: TeamRole): Promise<AppAccess> {
  if (!appId || appId.length > MAX_REF_LENGTH) throw notFound("Application not found");
  const byId = { OR: [{ id: appId }, { clientId: appId }] };
  if (principal.kind === "app") {
    const app = await db.application.findFirst({
      where: { ...byId, teamId: principal.teamId },
      select: { id: true, clientId: true, name: true, teamId: true },
    });
    if (!app) throw notFound("Application not found");
    return { app, role: "admin", ref: { id: app.id, teamId: app.teamId } };
  }
  const { userId } = principal;
  const found = await db.application.findFirst({
    where: { ...byId, team: { members: { some: { userId } } } },
    select: { id: true, clientId: true, name: true, teamId: true, team: { select: { members: { where: { userId }, select: { role: true } } } } },
  });
  const role = found?.team.members[0]?.role;
  if (!found || !role) throw notFound("Application not found");
  if (!hasRole(role, need)) throw forbidden(role, need);
  const { team: _team, ...app } = found;
  return { app, role, ref: { id: app.id, teamId: app.teamId, member: { userId, roles: rolesAtLeast(need) } } };
}

/**
 * The team `teamId` (id or slug), if `principal` holds at least `need` in it; otherwise
 * not_found (not a member) or forbidden (the role is too weak).
 */
export async function requireTeamRole(db: Db, principal: Principal, teamId: string, need: TeamRole): Promise<TeamAccess> {
  if (!teamId || teamId.length > MAX_REF_LENGTH) throw notFound("Team not found");
  const byId = { OR: [{ id: teamId }, { slug: teamId }] };
  const select = { id: true, slug: true, name: true, personalUserId: true } as const;
  if (principal.kind === "app") {
    const team = await db.team.findFirst({ where: { ...byId, id: principal.teamId }, select });
    if (!team) throw notFound("Team not found");
    return { team: teamView(team), role: "admin", ref: { id: team.id } };
  }
  const { userId } = principal;
  const found = await db.team.findFirst({
    where: { ...byId, members: { some: { userId } } },
    select: { ...select, members: { where: { userId }, select: { role: true } } },
  });
  const role = found?.members[0]?.role;
  if (!found || !role) throw notFound("Team not found");
  if (!hasRole(role, need)) throw forbidden(role, need);
  return { team: teamView(found), role, ref: { id: found.id, member: { userId, roles: rolesAtLeast(need) } } };
}

function teamView(t: { id: string; slug: string; name: string; personalUserId: string | null }): TeamAccess["team"] {
  return { id: t.id, slug: t.slug, name: t.name, personal: t.personalUserId !== null };
}

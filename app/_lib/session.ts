// Who is asking: the signed-in user from the Auth.js database session, and the audit Actor that
// goes with every change they make.
import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/auth";
import { getConfig } from "@/lib/config/env";
import { getRuntime } from "@/lib/runtime";
import { AppError } from "@/lib/errors/app-error";
import { isDatabaseUnavailable } from "@/lib/db/database-unavailable";
import { isAdmin } from "@/lib/admins/is-admin";
import type { Actor } from "@/lib/audit/actor";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { ensurePersonalTeam } from "@/lib/teams/ensure-personal-team";
import { userPrincipal, type Principal } from "@/lib/teams/principal";

export interface SessionUser {
  id: string;
  email: string;
  isAdmin: boolean;
  /** Their personal team (every user has one: lib/teams/ensure-personal-team.ts). */
  personalTeamId: string;
}

/** Auth.js's database-session cookie, on http and on https deployments. */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

const unavailable = () => new AppError("unavailable", "Keyport is temporarily unavailable. Please try again in a moment.");

/**
 * The signed-in user, or null. Cached per request. Throws AppError "unavailable" (503; Keyport's
 * server answers it with its unavailable page) when the database could not be asked: Auth.js logs
 * a failed session lookup and reports "no session", which must not send a signed-in user to the
 * sign-in page during an outage.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  // Read the request first: during `next build`'s prerender this marks the page dynamic before
  // anything starts the runtime (which would open — and lock — the embedded data directory).
  const cookieStore = await cookies();
  const rt = await getRuntime();
  const availability = rt.db.availability;
  const failuresBefore = availability.failures;
  const session = await auth();
  const id = session?.user?.id;
  if (!id) {
    const couldNotLook = availability.down || availability.failures !== failuresBefore;
    if (couldNotLook) {
      if (SESSION_COOKIES.some((name) => cookieStore.has(name))) throw unavailable();
    }
    return null;
  }
  // isAdmin can change (`keyport admins add`) during a session: read it fresh. The personal team
  // comes with the same query; created here should the sign-in's creation have missed it.
  const user = await rt.prisma.user
    .findUnique({ where: { id }, select: { id: true, email: true, isAdmin: true, personalTeam: { select: { id: true } } } })
    .catch((err: unknown) => {
      throw isDatabaseUnavailable(err) ? unavailable() : err;
    });
  if (!user) return null;
  const personalTeamId = user.personalTeam?.id ?? (await ensurePersonalTeam(rt.prisma, user)).id;
  return { id: user.id, email: user.email, isAdmin: isAdmin(user, getConfig().KEYPORT_ADMIN_EMAILS), personalTeamId };
});

/** The signed-in user; anyone else is sent to the sign-in page (and back here afterwards). */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) {
    redirect(returnTo ? `/signin?callbackUrl=${encodeURIComponent(returnTo)}` : "/signin");
  }
  return user;
}

/** An admin; everyone else (signed in or not) gets a 404, so the console's existence is not revealed. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user?.isAdmin) notFound();
  return user;
}

/**
 * The source address of this request, as Keyport's server resolved it from the socket and
 * KEYPORT_TRUST_PROXY (lib/http/client-address.ts) — never a client-supplied X-Forwarded-For.
 * null under `next dev`, which runs without that server.
 */
export async function getClientAddress(): Promise<string | null> {
  return (await headers()).get(CLIENT_ADDRESS_HEADER);
}

/** The signed-in user as the principal of team authorization (lib/teams/authorize.ts). */
export function principalOf(user: SessionUser): Principal {
  return userPrincipal(user.id);
}

/** The audit actor for a change made by `user` in this request. */
export async function actorFromRequest(user: SessionUser, type: "user" | "admin" = user.isAdmin ? "admin" : "user"): Promise<Actor> {
  const h = await headers();
  return {
    type,
    id: user.id,
    email: user.email,
    ip: await getClientAddress(),
    userAgent: h.get("user-agent"),
  };
}

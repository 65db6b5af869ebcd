// Who is asking: the signed-in user from the Auth.js database session, and the audit Actor that
// goes with every change they make.
import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/auth";
import { getConfig } from "@/lib/config/env";
import { getPrisma } from "@/lib/runtime";
import { isAdmin } from "@/lib/admins/is-admin";
import type { Actor } from "@/lib/audit/actor";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";

export interface SessionUser {
  id: string;
  email: string;
  isAdmin: boolean;
}

/** The signed-in user, or null. Cached per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  // isAdmin can change (`keyport admins add`) during a session: read it fresh.
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { id }, select: { id: true, email: true, isAdmin: true } });
  if (!user) return null;
  return { id: user.id, email: user.email, isAdmin: isAdmin(user, getConfig().KEYPORT_ADMIN_EMAILS) };
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

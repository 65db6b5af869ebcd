import type { PrismaClient } from "../generated/prisma/client";
import { isEmailAllowed } from "./is-email-allowed";

/**
 * Who may sign in: anyone on KEYPORT_ALLOWED_EMAILS (or everyone when it is empty), and always the
 * admins — from KEYPORT_ADMIN_EMAILS or flagged with `keyport admins add` — so an allow-list for
 * owners cannot lock the operators out.
 */
export async function maySignIn(
  prisma: PrismaClient,
  email: string,
  config: { KEYPORT_ALLOWED_EMAILS: readonly string[]; KEYPORT_ADMIN_EMAILS: readonly string[] },
): Promise<boolean> {
  const address = email.trim().toLowerCase();
  if (isEmailAllowed(address, config.KEYPORT_ALLOWED_EMAILS)) return true;
  if (config.KEYPORT_ADMIN_EMAILS.includes(address)) return true;
  const user = await prisma.user.findUnique({ where: { email: address }, select: { isAdmin: true } });
  return user?.isAdmin === true;
}

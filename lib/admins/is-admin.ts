/** Admins: flagged in the database (`keyport admins add`) or listed in KEYPORT_ADMIN_EMAILS. */
export function isAdmin(user: { email: string; isAdmin: boolean }, adminEmails: readonly string[]): boolean {
  return user.isAdmin || adminEmails.includes(user.email.toLowerCase());
}

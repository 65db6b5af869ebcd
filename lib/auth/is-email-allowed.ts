/**
 * KEYPORT_ALLOWED_EMAILS: empty → anyone may sign in; otherwise full addresses
 * (`partner@x.io`) or whole domains (`@example.com`). Entries arrive lowercased (lib/config/env.ts).
 * A domain entry matches that exact domain only, not its subdomains: `@example.com` does not
 * admit `evil@attacker.example.com`.
 */
export function isEmailAllowed(email: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  if (at <= 0) return false;
  const domain = address.slice(at);
  return allowed.some((entry) => (entry.startsWith("@") ? entry === domain : entry === address));
}

/** Who did something, and from where: recorded with every audit event. */
export interface Actor {
  /** "app": an application calling the automation API (lib/api) with its own access token. */
  type: "user" | "admin" | "cli" | "system" | "client" | "app";
  id?: string | null;
  email?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: "system" };

export function cliActor(): Actor {
  const user = process.env.SUDO_USER || process.env.USER || process.env.LOGNAME || "unknown";
  return { type: "cli", id: user, email: null, ip: "local", userAgent: "keyport-cli" };
}

/**
 * An application acting through the automation API (/api/v1, lib/api) with one of its access
 * tokens: recorded by its client_id (the token's `sub`), which the audit log shows as the actor.
 */
export function appActor(app: { clientId: string }, request: { ip?: string | null; userAgent?: string | null }): Actor {
  return { type: "app", id: app.clientId, email: null, ip: request.ip ?? null, userAgent: request.userAgent ?? null };
}

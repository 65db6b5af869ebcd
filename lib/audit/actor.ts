/** Who did something, and from where: recorded with every audit event. */
export interface Actor {
  type: "user" | "admin" | "cli" | "system" | "client";
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

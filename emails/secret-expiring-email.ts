import { button, code, esc, facts, layout, notice, paragraph, type RenderedEmail } from "./layout";

export interface SecretExpiringEmailInput {
  appName: string;
  clientId: string;
  /** The application's page in the portal, where the owner rotates the secret. */
  appUrl: string;
  /** The secret's last 4 characters (never the secret). */
  secretHint: string;
  expiresAt: Date;
  /** The moment the reminder is written ("in 7 days" is counted from it). */
  now: Date;
}

function utc(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** "7 days", "1 day", "23 hours", "45 minutes": what is left, rounded to the largest sensible unit. */
export function timeLeft(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  const hours = ms / 3_600_000;
  if (hours >= 23.5) return plural(Math.round(hours / 24), "day");
  if (hours >= 0.95) return plural(Math.round(hours), "hour");
  return plural(Math.max(1, Math.round(ms / 60_000)), "minute");
}

export function secretExpiringEmail(input: SecretExpiringEmailInput): RenderedEmail {
  const left = timeLeft(input.expiresAt.getTime() - input.now.getTime());
  const subject = `Client secret of ${input.appName} expires in ${left}`;
  const intro = `The client secret ending in …${input.secretHint} of ${input.appName} expires at ${utc(input.expiresAt)}. After that the token endpoint refuses it.`;
  const todo = "Rotate the secret in the portal, with a grace period so the running clients keep working, and deploy the new one before then.";
  const html = layout(
    subject,
    paragraph(`The client secret ending in ${code(`…${input.secretHint}`)} of <strong>${esc(input.appName)}</strong> expires at <strong>${esc(utc(input.expiresAt))}</strong>. After that the token endpoint refuses it.`) +
      facts([
        ["client_id", code(input.clientId)],
        ["Secret", code(`…${input.secretHint}`)],
        ["Expires", esc(utc(input.expiresAt))],
      ]) +
      notice(esc(todo)) +
      button(input.appUrl, "Rotate the secret"),
  );
  const text = `${subject}

${intro}

client_id: ${input.clientId}
Secret:    …${input.secretHint}
Expires:   ${utc(input.expiresAt)}

${todo}

Rotate it here: ${input.appUrl}
`;
  return { subject, html, text };
}

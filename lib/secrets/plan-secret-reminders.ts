// Which expiry reminders of one secret are due now: the pure half of lib/secrets/secret-reminders.ts.

export interface ReminderPlan {
  /** The offset (seconds before expiry) to mail now, or null. */
  send: number | null;
  /** Due offsets recorded without a mail, so they are never sent later. */
  skip: number[];
}

/**
 * Reminder offsets (KEYPORT_SECRET_REMINDERS, seconds before expiry) of a secret issued at
 * `createdAt`, expiring at `expiresAt`, with `claimed` offsets already recorded (sent or skipped).
 *
 * - An offset is due once `now` ≥ expiresAt − offset, and nothing is due once the secret expired.
 * - Of the due offsets only the most imminent (smallest) is mailed: a secret found late — every
 *   instance was down, or the secret was issued with little time left — gets one mail saying how
 *   long is really left, not three at once. The other due offsets are recorded as skipped.
 * - An offset whose moment came before the secret was issued (a 7-day reminder of a 72-hour
 *   secret) is never mailed: the credentials mail already said when it expires.
 * - If the most imminent due offset was already claimed, nothing is mailed (less imminent
 *   reminders that appear later, e.g. after a configuration change, are only recorded).
 */
export function planSecretReminders(
  secret: { createdAt: Date; expiresAt: Date },
  offsets: readonly number[],
  claimed: ReadonlySet<number>,
  now: Date,
): ReminderPlan {
  const t = now.getTime();
  const expires = secret.expiresAt.getTime();
  if (t >= expires) return { send: null, skip: [] };
  const due = [...new Set(offsets)].filter((o) => o > 0 && t >= expires - o * 1000).sort((a, b) => a - b);
  if (!due.length) return { send: null, skip: [] };
  const imminent = due[0]!;
  const applicable = expires - imminent * 1000 > secret.createdAt.getTime();
  const send = !claimed.has(imminent) && applicable ? imminent : null;
  const skip = due.filter((o) => o !== send && !claimed.has(o));
  return { send, skip };
}

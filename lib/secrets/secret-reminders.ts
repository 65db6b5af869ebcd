// Secret-expiry reminders: before a client secret expires its application's people are emailed
// (KEYPORT_SECRET_REMINDERS before expiry; default 7 days, 1 day and 1 hour), each reminder
// exactly once whichever instance finds it first and across restarts.
//
// Exactly once: each reminder is claimed by inserting its SecretReminder row (primary key
// secretId + offsetSeconds, INSERT … ON CONFLICT DO NOTHING) in the same transaction as the
// outbox rows of its mail (transactional outbox, STYLE §20). Two instances racing for one
// reminder: the second insert waits for the first transaction and then inserts nothing, so it
// queues no mail. A crash before commit leaves neither row nor mail; after commit the mail worker
// delivers what is queued.
//
// Who is not reminded (a demanding owner's expectations):
// - revoked or already expired secrets;
// - secrets of disabled applications (they cannot get tokens anyway);
// - secrets superseded by a rotation: when a newer live secret exists, the old one expiring at
//   the end of its grace period is the rotation working as intended, not news;
// - reminders whose moment came before the secret was issued (a 7-day reminder of a 72-hour
//   secret): the credentials mail already said when it expires. Such offsets are recorded as
//   skipped, as are older reminders when a secret is found late (only the most imminent is sent;
//   lib/secrets/plan-secret-reminders.ts).
import type { Database } from "../db/database";
import type { Mailer, OutboxRow } from "../mail/mailer";
import { appRecipients } from "../mail/app-recipients";
import { appUrl } from "../mail";
import { secretExpiringEmail } from "../../emails/secret-expiring-email";
import { log } from "../log";
import { planSecretReminders } from "./plan-secret-reminders";

export interface SecretReminderDeps {
  db: Pick<Database, "query" | "prisma">;
  mailer: Pick<Mailer, "enqueue" | "deliverQueued">;
  /** Seconds before expiry (KEYPORT_SECRET_REMINDERS). */
  offsets: readonly number[];
  /** The public origin: the mail links to the application's page there. */
  baseUrl: string;
  /** Secrets looked at per query (default 200); a pass reads at most 10 pages. */
  pageSize?: number;
}

export interface ReminderPassResult {
  /** Reminders mailed (each to every recipient of its application). */
  sent: number;
  /** Reminders recorded without a mail (found late, or due before the secret was issued). */
  skipped: number;
  /** Outbox rows queued. */
  mails: number;
}

interface CandidateRow {
  id: string;
  hint: string;
  applicationId: string;
  name: string;
  clientId: string;
  createdAt: number;
  expiresAt: number;
  claimed: number[] | null;
}

// "ClientSecret"."expiresAt" and "createdAt" are timestamp(3) without time zone holding UTC
// (Prisma's DateTime): the clock is passed as an ISO instant and compared in UTC, and instants
// come back as epoch milliseconds, whatever the server's or the process's time zone.
const CANDIDATES = `
  SELECT s.id, s.hint, s."applicationId", a.name, a."clientId",
         floor(extract(epoch FROM s."createdAt") * 1000)::float8 AS "createdAt",
         floor(extract(epoch FROM s."expiresAt") * 1000)::float8 AS "expiresAt",
         (SELECT array_agg(r."offsetSeconds") FROM "SecretReminder" r WHERE r."secretId" = s.id) AS claimed
    FROM "ClientSecret" s
    JOIN "Application" a ON a.id = s."applicationId"
   WHERE s."revokedAt" IS NULL
     AND s."expiresAt" > ($1::timestamptz AT TIME ZONE 'UTC')
     AND a.status <> 'disabled'
     -- some reminder offset is due and not yet claimed
     AND EXISTS (
           SELECT 1 FROM unnest($2::int[]) AS o(seconds)
            WHERE s."expiresAt" <= ($1::timestamptz AT TIME ZONE 'UTC') + make_interval(secs => o.seconds)
              AND NOT EXISTS (SELECT 1 FROM "SecretReminder" r WHERE r."secretId" = s.id AND r."offsetSeconds" = o.seconds))
     -- not superseded: no newer secret of the same application still works
     AND NOT EXISTS (
           SELECT 1 FROM "ClientSecret" n
            WHERE n."applicationId" = s."applicationId" AND n.id <> s.id AND n."revokedAt" IS NULL
              AND n."createdAt" > s."createdAt"
              AND (n."expiresAt" IS NULL OR n."expiresAt" > ($1::timestamptz AT TIME ZONE 'UTC')))
   ORDER BY s."expiresAt", s.id
   LIMIT $3`;

const MAX_PAGES = 10;

/**
 * One reminder pass at `now` (injectable, so tests walk the clock): find the secrets with a due,
 * unclaimed reminder, claim and queue each in its own transaction, deliver after commit. Never
 * throws for one secret's failure (it is logged and retried on the next pass).
 */
export async function sendDueSecretReminders(deps: SecretReminderDeps, now: Date): Promise<ReminderPassResult> {
  const result: ReminderPassResult = { sent: 0, skipped: 0, mails: 0 };
  const offsets = [...new Set(deps.offsets)].filter((o) => Number.isInteger(o) && o > 0);
  if (!offsets.length) return result;
  const pageSize = deps.pageSize ?? 200;
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await deps.db.query<CandidateRow>(CANDIDATES, [now.toISOString(), offsets, pageSize]);
    let progressed = false;
    for (const row of rows) {
      try {
        const r = await remindOne(deps, row, offsets, now);
        if (r.claimed) progressed = true;
        result.sent += r.sent ? 1 : 0;
        result.skipped += r.skipped;
        result.mails += r.mails;
      } catch (err) {
        log.warn("secret reminder failed; retried on the next pass", { secretId: row.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    // A short page was the last; a page where nothing could be claimed would only repeat itself.
    if (rows.length < pageSize || !progressed) break;
  }
  return result;
}

async function remindOne(
  deps: SecretReminderDeps,
  row: CandidateRow,
  offsets: readonly number[],
  now: Date,
): Promise<{ claimed: boolean; sent: boolean; skipped: number; mails: number }> {
  const secret = { createdAt: new Date(Number(row.createdAt)), expiresAt: new Date(Number(row.expiresAt)) };
  const plan = planSecretReminders(secret, offsets, new Set((row.claimed ?? []).map(Number)), now);
  const wanted = [
    ...(plan.send !== null ? [{ offsetSeconds: plan.send, outcome: "sent" }] : []),
    ...plan.skip.map((offsetSeconds) => ({ offsetSeconds, outcome: "skipped" })),
  ]
    // One order for every instance, so two claims of the same rows never deadlock.
    .sort((a, b) => a.offsetSeconds - b.offsetSeconds)
    .map((r) => ({ ...r, secretId: row.id, at: now }));
  if (!wanted.length) return { claimed: false, sent: false, skipped: 0, mails: 0 };

  const outbox: OutboxRow[] = [];
  const claimed = await deps.db.prisma.$transaction(async (tx) => {
    // Revoked or rotated away since the candidate query: nothing to claim.
    const live = await tx.clientSecret.findFirst({ where: { id: row.id, revokedAt: null, expiresAt: { gt: now } }, select: { id: true } });
    if (!live) return [];
    const inserted = await tx.secretReminder.createManyAndReturn({ data: wanted, skipDuplicates: true, select: { offsetSeconds: true, outcome: true } });
    if (inserted.some((r) => r.outcome === "sent")) {
      const mail = secretExpiringEmail({
        appName: row.name,
        clientId: row.clientId,
        appUrl: appUrl(deps.baseUrl, row.applicationId),
        secretHint: row.hint,
        expiresAt: secret.expiresAt,
        now,
      });
      for (const to of await appRecipients(tx, row.applicationId)) {
        outbox.push(await deps.mailer.enqueue(tx, { to, kind: "secret_expiring", applicationId: row.applicationId, ...mail }));
      }
    }
    return inserted;
  });
  // After commit: one delivery attempt each (never throws; the mail worker retries).
  for (const o of outbox) await deps.mailer.deliverQueued(o);
  const sent = claimed.some((r) => r.outcome === "sent");
  if (sent) log.info("secret expiry reminder queued", { secretId: row.id, applicationId: row.applicationId, offsetSeconds: plan.send, recipients: outbox.length });
  return { claimed: claimed.length > 0, sent, skipped: claimed.filter((r) => r.outcome === "skipped").length, mails: outbox.length };
}

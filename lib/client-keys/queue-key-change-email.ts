// "A key was added/removed" mail to each admin and developer of the app's team, queued in the
// caller's transaction (the transactional outbox: the rows commit with the key change or not at
// all) and delivered after commit by the caller's mailer, or by the retry worker
// (lib/mail/mail-worker.ts) within its poll interval.
import type { Prisma } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { seal } from "../crypto/seal";
import { SEAL_PURPOSE, type Mailer } from "../mail/mailer";
import { appUrl } from "../mail";
import { appRecipients } from "../mail/app-recipients";
import { clientKeyChangedEmail, type ClientKeyChange } from "../../emails/client-key-changed-email";
import { log } from "../log";

export interface ClientKeyChangeOptions {
  /** Root secret (config.secret): the queued mail is sealed under a key derived from it. */
  secret: Buffer;
  /** The public origin (config.publicOrigin): the mail links to the application there. */
  baseUrl: string;
  /** Deliver right after commit (the process mailer, getMailer()); without it the worker does. */
  mailer?: Pick<Mailer, "deliver">;
}

export interface KeyChangeMail {
  change: ClientKeyChange;
  app: { id: string; name: string; clientId: string };
  keys: Array<{ kid: string | null; alg: string; thumbprint: string }>;
  jwksUri?: string | null;
}

function changedBy(actor: Actor): "owner" | "admin" | "cli" {
  return actor.type === "admin" ? "admin" : actor.type === "cli" ? "cli" : "owner";
}

/** Insert the outbox rows (one per recipient) inside `tx`; returns their ids for delivery after commit. */
export async function queueKeyChangeEmail(tx: Prisma.TransactionClient, actor: Actor, mail: KeyChangeMail, options: ClientKeyChangeOptions): Promise<string[]> {
  const rendered = clientKeyChangedEmail({
    change: mail.change,
    appName: mail.app.name,
    appUrl: appUrl(options.baseUrl, mail.app.id),
    clientId: mail.app.clientId,
    keys: mail.keys,
    jwksUri: mail.jwksUri,
    changedBy: changedBy(actor),
    at: new Date(),
  });
  const payload = seal(options.secret, SEAL_PURPOSE, JSON.stringify({ html: rendered.html, text: rendered.text }));
  const ids: string[] = [];
  for (const to of await appRecipients(tx, mail.app.id)) {
    const row = await tx.emailMessage.create({
      data: { to, subject: rendered.subject, kind: "client_key_changed", payload, status: "queued", applicationId: mail.app.id },
      select: { id: true },
    });
    ids.push(row.id);
  }
  return ids;
}

/** After commit: try the queued mails once now (never throws; the worker retries). */
export async function deliverQueued(options: ClientKeyChangeOptions, ids: readonly string[]): Promise<void> {
  const { mailer } = options;
  if (!mailer) return;
  await Promise.all(
    ids.map((id) => mailer.deliver(id).catch((err: unknown) => log.warn("key change mail delivery deferred", { id, error: err instanceof Error ? err.message : String(err) }))),
  );
}

// The outbox. Every message is first written to EmailMessage (its {html, text} sealed with
// AES-256-GCM: credential mails carry secrets), then delivered. A failed delivery keeps the row
// queued with its attempt count and error, and the worker retries it with exponential backoff, so
// a mail outage never loses a registration. Without SMTP_URL, "delivery" means the development
// outbox: the row is marked sent and stays readable at /dev/outbox.
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { open, seal } from "../crypto/seal";
import { log } from "../log";
import { createSmtpTransport, type MailTransport } from "./mail-transport";
import type { KeyportEvents } from "../events/events";

export const MAIL_KINDS = [
  "sign_in",
  "credentials",
  "secret_rotated",
  "app_approved",
  "app_denied",
  "app_disabled",
  "app_enabled",
  "client_key_changed",
  "team_invitation",
  "secret_expiring",
  "refresh_token_reuse",
  "app_imported",
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Kinds whose body holds a secret or a sign-in link: their payload is wiped once SMTP accepted them. */
export const SECRET_BEARING_KINDS: ReadonlySet<MailKind> = new Set(["sign_in", "credentials", "secret_rotated", "team_invitation"]);

export const MAX_ATTEMPTS = 8;
/** Outbox payloads are sealed under this purpose (also by code that queues a row inside its own transaction). */
export const SEAL_PURPOSE = "mail";
/** A row left in `sending` this long belongs to a process that died mid-send. */
const STALE_SENDING_MS = 5 * 60_000;

export interface MailerOptions {
  prisma: PrismaClient;
  /** Root secret (config.secret): the payload is sealed under a key derived from it. */
  secret: Buffer;
  smtpUrl?: string;
  from: string;
  /** First retry delay; doubles per attempt, capped at an hour. */
  retryBaseMs?: number;
  /** Tests inject a transport; otherwise one is built from smtpUrl. */
  transport?: MailTransport;
  /** mail.queued / mail.sent / mail.failed go here (lib/events: the metrics subscribe). */
  events?: Pick<KeyportEvents, "emit">;
}

export interface NewMail {
  to: string;
  subject: string;
  kind: MailKind;
  html: string;
  text: string;
  applicationId?: string | null;
}

/** A row written by enqueue(), to hand to deliverQueued() after the transaction commits. */
export interface OutboxRow {
  id: string;
  kind: MailKind;
}

export interface QueuedMail {
  id: string;
  status: "queued" | "sending" | "sent" | "failed";
}

export class Mailer {
  readonly devOutbox: boolean;
  private transport: MailTransport | null;
  private readonly retryBaseMs: number;

  constructor(private readonly options: MailerOptions) {
    this.devOutbox = !options.smtpUrl && !options.transport;
    this.transport = options.transport ?? (options.smtpUrl ? createSmtpTransport(options.smtpUrl) : null);
    this.retryBaseMs = options.retryBaseMs ?? 30_000;
  }

  /** Write a message to the outbox, then try to deliver it once right away. */
  async send(mail: NewMail): Promise<QueuedMail> {
    return this.deliverQueued(await this.enqueue(this.options.prisma, mail));
  }

  /**
   * The transactional outbox (STYLE §20): write the message row through `tx` — the transaction
   * that makes the change the mail is about (a new secret, a new application) — so both commit or
   * neither does. Nothing is sent: call deliverQueued() once the transaction has committed (and
   * should the process die first, the worker delivers the committed row).
   */
  async enqueue(tx: Pick<Prisma.TransactionClient, "emailMessage">, mail: NewMail): Promise<OutboxRow> {
    const row = await tx.emailMessage.create({
      data: {
        to: mail.to,
        subject: mail.subject,
        kind: mail.kind,
        payload: seal(this.options.secret, SEAL_PURPOSE, JSON.stringify({ html: mail.html, text: mail.text })),
        status: "queued",
        nextAttemptAt: new Date(),
        applicationId: mail.applicationId ?? null,
      },
      select: { id: true },
    });
    return { id: row.id, kind: mail.kind };
  }

  /**
   * enqueue() for many messages at once (an import): the same rows, a few statements instead of
   * one per message, in the caller's transaction.
   */
  async enqueueMany(tx: Pick<Prisma.TransactionClient, "emailMessage">, mails: readonly NewMail[]): Promise<OutboxRow[]> {
    const out: OutboxRow[] = [];
    for (let i = 0; i < mails.length; i += 500) {
      const now = new Date();
      const rows = await tx.emailMessage.createManyAndReturn({
        data: mails.slice(i, i + 500).map((mail) => ({
          to: mail.to,
          subject: mail.subject,
          kind: mail.kind,
          payload: seal(this.options.secret, SEAL_PURPOSE, JSON.stringify({ html: mail.html, text: mail.text })),
          status: "queued" as const,
          nextAttemptAt: now,
          applicationId: mail.applicationId ?? null,
        })),
        select: { id: true, kind: true },
      });
      for (const r of rows) out.push({ id: r.id, kind: r.kind as MailKind });
    }
    return out;
  }

  /**
   * After commit: announce the queued row and try to deliver it once. Never throws — the row is
   * committed, so whatever goes wrong here (even the database) leaves it to the retry worker.
   */
  async deliverQueued(row: OutboxRow): Promise<QueuedMail> {
    this.options.events?.emit("mail.queued", { kind: row.kind });
    try {
      return { id: row.id, status: await this.deliver(row.id) };
    } catch (err) {
      log.warn("mail delivery after commit failed; the worker will retry", { id: row.id, kind: row.kind, error: err instanceof Error ? err.message : String(err) });
      return { id: row.id, status: "queued" };
    }
  }

  /**
   * Deliver one queued message. The conditional claim (queued → sending) means two workers or
   * instances never send the same row twice. Never throws for a delivery failure: the row records it.
   */
  async deliver(id: string): Promise<QueuedMail["status"]> {
    const prisma = this.options.prisma;
    const claimed = await prisma.emailMessage.updateMany({
      where: { id, status: "queued" },
      // nextAttemptAt doubles as "claimed at", so a row stuck in sending can be recovered.
      data: { status: "sending", attempts: { increment: 1 }, nextAttemptAt: new Date() },
    });
    if (claimed.count !== 1) {
      const row = await prisma.emailMessage.findUnique({ where: { id }, select: { status: true } });
      return row?.status ?? "failed";
    }
    const row = await prisma.emailMessage.findUniqueOrThrow({
      where: { id },
      select: { id: true, to: true, subject: true, kind: true, attempts: true, payload: true },
    });
    if (!this.transport) {
      await prisma.emailMessage.update({ where: { id }, data: { status: "sent", sentAt: new Date(), lastError: null } });
      log.info("mail stored in the development outbox", { id, kind: row.kind });
      this.options.events?.emit("mail.sent", { kind: row.kind });
      return "sent";
    }
    try {
      const body = JSON.parse(open(this.options.secret, SEAL_PURPOSE, row.payload).toString("utf8")) as { html: string; text: string };
      await this.transport.send({ from: this.options.from, to: row.to, subject: row.subject, html: body.html, text: body.text });
      const wipe = SECRET_BEARING_KINDS.has(row.kind as MailKind);
      await prisma.emailMessage.update({
        where: { id },
        data: { status: "sent", sentAt: new Date(), lastError: null, ...(wipe ? { payload: "" } : {}) },
      });
      this.options.events?.emit("mail.sent", { kind: row.kind });
      return "sent";
    } catch (err) {
      const message = describeMailError(err);
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      const delay = Math.min(this.retryBaseMs * 2 ** (row.attempts - 1), 3_600_000);
      await prisma.emailMessage.update({
        where: { id },
        data: {
          status: giveUp ? "failed" : "queued",
          lastError: message,
          nextAttemptAt: new Date(Date.now() + delay),
        },
      });
      log.warn("mail delivery failed", { id, kind: row.kind, attempts: row.attempts, willRetry: !giveUp, error: message });
      this.options.events?.emit("mail.failed", { kind: row.kind, final: giveUp });
      return giveUp ? "failed" : "queued";
    }
  }

  /** Retry every message that is due; also recovers rows a crashed process left in `sending`. */
  async processDue(limit = 20): Promise<number> {
    const prisma = this.options.prisma;
    const stale = new Date(Date.now() - STALE_SENDING_MS);
    await prisma.emailMessage.updateMany({
      where: { status: "sending", nextAttemptAt: { lt: stale } },
      data: { status: "queued" },
    });
    const due = await prisma.emailMessage.findMany({
      where: { status: "queued", nextAttemptAt: { lte: new Date() } },
      select: { id: true },
      orderBy: { nextAttemptAt: "asc" },
      take: limit,
    });
    for (const { id } of due) await this.deliver(id);
    return due.length;
  }

  /** The message body, for the development outbox (empty once wiped). */
  readBody(payload: string): { html: string; text: string } | null {
    if (!payload) return null;
    return JSON.parse(open(this.options.secret, SEAL_PURPOSE, payload).toString("utf8")) as { html: string; text: string };
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }
}

/** A short, secret-free description of a delivery failure for the outbox row and the owner. */
export function describeMailError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; message?: string } | null;
  if (e?.responseCode) return `Mail server answered ${e.responseCode}`;
  // nodemailer wraps socket errors as ESOCKET/ECONNECTION with the system error in the message.
  const text = `${e?.code ?? ""} ${e?.message ?? ""}`;
  if (/ECONNREFUSED/.test(text)) return "Mail server refused the connection";
  if (/ETIMEDOUT|ETIMEOUT|timeout/i.test(text)) return "Mail server timed out";
  if (/EDNS|ENOTFOUND|EAI_AGAIN/.test(text)) return "Mail server host not found";
  if (e?.code === "EAUTH") return "Mail server rejected the credentials";
  return (e?.message ?? "Delivery failed").slice(0, 200);
}

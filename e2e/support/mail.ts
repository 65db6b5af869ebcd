// Read the mail captured by the test SMTP server (smtp-capture.ts).
import fs from "node:fs";
import path from "node:path";
import { MAIL_DIR } from "./env";
import type { CapturedFile } from "./smtp-capture";
import { parseMail, type ReceivedMail } from "./mime";

export { decodeQuotedPrintable, parseMail, type ReceivedMail } from "./mime";

function readAll(): ReceivedMail[] {
  if (!fs.existsSync(MAIL_DIR)) return [];
  return fs
    .readdirSync(MAIL_DIR)
    .filter((f) => f.endsWith(".json") && !f.startsWith("."))
    .sort()
    .map((f) => parseMail(JSON.parse(fs.readFileSync(path.join(MAIL_DIR, f), "utf8")) as CapturedFile));
}

/**
 * The newest mail to `to` whose subject matches, received at or after `since` (ms epoch).
 * Polls until `timeout` ms (mail goes through the outbox and a real SMTP conversation).
 */
export async function waitForMail(to: string, subject: RegExp | string, opts: { since?: number; timeout?: number } = {}): Promise<ReceivedMail> {
  const deadline = Date.now() + (opts.timeout ?? 30_000);
  const address = to.toLowerCase();
  const matches = (m: ReceivedMail) =>
    m.to.includes(address) && (typeof subject === "string" ? m.subject.includes(subject) : subject.test(m.subject)) && m.receivedAt >= (opts.since ?? 0);
  for (;;) {
    const found = readAll().filter(matches);
    if (found.length) return found[found.length - 1]!;
    if (Date.now() > deadline) {
      const seen = readAll()
        .filter((m) => m.to.includes(address))
        .map((m) => m.subject);
      throw new Error(`No mail to ${to} matching ${subject} within ${opts.timeout ?? 30_000} ms (mails to them: ${JSON.stringify(seen)})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The first http(s) link in a mail's text whose URL matches `pattern`. */
export function extractLink(mail: ReceivedMail, pattern: RegExp = /./): string {
  const links = mail.text.match(/https?:\/\/[^\s<>"']+/g) ?? [];
  const link = links.find((l) => pattern.test(l));
  if (!link) throw new Error(`No link matching ${pattern} in mail "${mail.subject}"`);
  return link;
}

/** client_id / client_secret from a credentials or rotation email. */
export function extractCredentials(mail: ReceivedMail): { clientId: string; clientSecret: string } {
  const clientId = /\bkp_[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  const clientSecret = /\bkps_[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (!clientId || !clientSecret) throw new Error(`No credentials in mail "${mail.subject}"`);
  return { clientId, clientSecret };
}

/** Make the test SMTP server refuse mail to `address` (450) until acceptMailTo is called. */
export function rejectMailTo(address: string): void {
  const dir = path.join(MAIL_DIR, ".reject");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, encodeURIComponent(address.toLowerCase())), "");
}

export function acceptMailTo(address: string): void {
  fs.rmSync(path.join(MAIL_DIR, ".reject", encodeURIComponent(address.toLowerCase())), { force: true });
}

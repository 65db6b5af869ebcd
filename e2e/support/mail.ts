// Read the mail captured by the test SMTP server (smtp-capture.ts).
import fs from "node:fs";
import path from "node:path";
import { MAIL_DIR } from "./env";
import type { CapturedFile } from "./smtp-capture";

export interface ReceivedMail {
  to: string[];
  subject: string;
  /** The plain-text part, decoded. */
  text: string;
  /** The HTML part, decoded. */
  html: string;
  receivedAt: number;
  raw: string;
}

/** Quoted-printable (RFC 2045 §6.7): soft line breaks "=\r\n" and "=XX" bytes, decoded as UTF-8. */
export function decodeQuotedPrintable(input: string): string {
  const joined = input.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i]!;
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** RFC 2047 encoded words in headers (=?UTF-8?Q?…?= / =?UTF-8?B?…?=). */
function decodeHeader(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g, (_, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
  );
}

function splitHeaders(part: string): { headers: Record<string, string>; body: string } {
  const idx = part.search(/\r?\n\r?\n/);
  const head = idx < 0 ? part : part.slice(0, idx);
  const body = idx < 0 ? "" : part.slice(idx).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) headers[m[1]!.toLowerCase()] = m[2]!;
  }
  return { headers, body };
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const enc = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (enc === "quoted-printable") return decodeQuotedPrintable(body);
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}

/** A minimal MIME reader: enough for nodemailer's text + HTML alternatives. */
export function parseMail(file: CapturedFile): ReceivedMail {
  const { headers, body } = splitHeaders(file.raw);
  let text = "";
  let html = "";
  const visit = (h: Record<string, string>, b: string) => {
    const type = h["content-type"] ?? "text/plain";
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith("--")) break;
        const p = splitHeaders(part.replace(/^\r?\n/, ""));
        visit(p.headers, p.body);
      }
    } else if (/^text\/html/i.test(type)) html ||= decodeBody(h, b);
    else if (/^text\/plain/i.test(type)) text ||= decodeBody(h, b);
  };
  visit(headers, body);
  return { to: file.to, subject: decodeHeader(headers.subject ?? ""), text, html, receivedAt: file.receivedAt, raw: file.raw };
}

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

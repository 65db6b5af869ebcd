// A real SMTP server inside an integration test: Keyport delivers to it over TCP (SMTP_URL), the
// test reads what arrived. Plain SMTP on loopback, no TLS, no AUTH (TOOLCHAIN.md).
import { SMTPServer } from "smtp-server";
import { parseMail, type ReceivedMail } from "../../e2e/support/mime";
import { freePort } from "./keyport";

export interface SmtpCapture {
  /** smtp://127.0.0.1:PORT — hand it to Keyport as SMTP_URL. */
  url: string;
  /** Every mail received so far, oldest first. */
  mails: ReceivedMail[];
  /** Mails to `to` (case-insensitive), optionally with a subject matching `subject`. */
  to(to: string, subject?: RegExp): ReceivedMail[];
  /** Wait until at least `count` mails to `to` arrived (throws after `timeoutMs`). */
  waitFor(to: string, count?: number, timeoutMs?: number, subject?: RegExp): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<SmtpCapture> {
  const port = await freePort();
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push(
          parseMail({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            receivedAt: Date.now(),
            raw: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const to = (address: string, subject?: RegExp) =>
    mails.filter((m) => m.to.includes(address.toLowerCase()) && (!subject || subject.test(m.subject)));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    to,
    async waitFor(address, count = 1, timeoutMs = 20_000, subject) {
      const deadline = Date.now() + timeoutMs;
      while (to(address, subject).length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mail(s) to ${address} within ${timeoutMs} ms, got ${to(address, subject).length}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return to(address, subject);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// A real SMTP server for the browser tests: every message is written to MAIL_DIR as JSON
// ({to, from, receivedAt, raw}) so test workers — separate processes — can read them.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { SMTPServer } from "smtp-server";

export interface CapturedFile {
  to: string[];
  from: string;
  receivedAt: number;
  raw: string;
}

export function startSmtpCapture(port: number, dir: string): Promise<{ close(): Promise<void> }> {
  fs.mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback, as TOOLCHAIN.md describes: no TLS, no AUTH.
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    // Tests simulate a mail outage for one address by creating <dir>/.reject/<address>.
    onRcptTo(address, _session, callback) {
      const flag = path.join(dir, ".reject", encodeURIComponent(address.address.toLowerCase()));
      if (fs.existsSync(flag)) {
        const err = new Error("Mailbox temporarily unavailable") as Error & { responseCode: number };
        err.responseCode = 450;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mail: CapturedFile = {
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          receivedAt: Date.now(),
          raw: Buffer.concat(chunks).toString("utf8"),
        };
        const name = `${mail.receivedAt}-${crypto.randomBytes(4).toString("hex")}.json`;
        // Write then rename, so a reader never sees half a file.
        const tmp = path.join(dir, `.${name}.tmp`);
        fs.writeFileSync(tmp, JSON.stringify(mail));
        fs.renameSync(tmp, path.join(dir, name));
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ close: () => new Promise<void>((r) => server.close(() => r())) }));
  });
}

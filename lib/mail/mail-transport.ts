// The SMTP side of the mailer: one nodemailer transport per SMTP_URL, with short timeouts so a
// hanging mail server delays a request by seconds, not by nodemailer's two-minute default.
import nodemailer, { type Transporter } from "nodemailer";

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter: Transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as nodemailer.TransportOptions);
  return {
    async send(mail) {
      const info = await transporter.sendMail(mail);
      // A server may accept the connection yet refuse the recipient: that is a failure too.
      const refused = [...(info.rejected ?? []), ...((info as { pending?: unknown[] }).pending ?? [])];
      if (refused.length) throw new Error(`recipient refused by the mail server`);
    },
    close() {
      transporter.close();
    },
  };
}

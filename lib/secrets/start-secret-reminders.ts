// The secret-expiry reminder timer, started by the runtime on every instance (lib/runtime.ts,
// background work only). Every instance runs it: the claim in lib/secrets/secret-reminders.ts
// makes each reminder go out once however many instances find it due.
import type { KeyportConfig } from "../config/env";
import type { Database } from "../db/database";
import type { KeyportEvents } from "../events/events";
import { publicOrigin } from "../config/public-origin";
import { mailerFor } from "../mail/process-mailer";
import { log } from "../log";
import { sendDueSecretReminders } from "./secret-reminders";

/** A pass now, then one every KEYPORT_REMINDER_INTERVAL seconds; returns the stop function. */
export function startSecretReminders(
  db: Database,
  config: Pick<KeyportConfig, "secret" | "SMTP_URL" | "MAIL_FROM" | "publicOrigin" | "KEYPORT_SECRET_REMINDERS" | "KEYPORT_REMINDER_INTERVAL">,
  { events }: { events?: Pick<KeyportEvents, "emit"> } = {},
): () => Promise<void> {
  if (!config.KEYPORT_SECRET_REMINDERS.length) return async () => {};
  const mailer = mailerFor(db.prisma, config, events);
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = sendDueSecretReminders({ db, mailer, offsets: config.KEYPORT_SECRET_REMINDERS, baseUrl: publicOrigin(config) }, new Date())
      .catch((err) => log.warn("secret reminder pass failed", { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, config.KEYPORT_REMINDER_INTERVAL * 1000);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

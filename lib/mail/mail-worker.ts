// Background retry of queued mail, started by the runtime (lib/runtime.ts, background work only).
import type { PrismaClient } from "../generated/prisma/client";
import type { KeyportConfig } from "../config/env";
import { log } from "../log";
import { closeProcessMailer, mailerFor } from "./process-mailer";
import type { KeyportEvents } from "../events/events";

/** Poll the outbox every `intervalMs`; returns the stop function. The mailer emits mail.* on `events`. */
export function startMailWorker(
  prisma: PrismaClient,
  config: Pick<KeyportConfig, "secret" | "SMTP_URL" | "MAIL_FROM">,
  { events, intervalMs = 10_000 }: { events?: Pick<KeyportEvents, "emit">; intervalMs?: number } = {},
): () => Promise<void> {
  const mailer = mailerFor(prisma, config, events);
  if (mailer.devOutbox) {
    // The development outbox is a convenience for `npm start` on a laptop; on a reachable host it
    // lets anyone read sign-in links. Say so loudly once.
    log.warn("SMTP_URL is not set: emails, sign-in links included, are kept in the database and readable at /dev/outbox from this machine only. Set SMTP_URL before real use.");
  }
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = mailer
      .processDue()
      .catch((err) => log.warn("mail retry pass failed", { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
    closeProcessMailer();
  };
}

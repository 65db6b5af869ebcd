// One Mailer per process (shared through globalThis like the runtime, so Next's bundled copy of
// lib/ and the custom server's copy use the same transport and the same worker).
import type { PrismaClient } from "../generated/prisma/client";
import type { KeyportConfig } from "../config/env";
import { Mailer } from "./mailer";
import type { KeyportEvents } from "../events/events";

const KEY = Symbol.for("keyport.mailer");
type Holder = { [KEY]?: { prisma: PrismaClient; mailer: Mailer } };

/** The process mailer for this database (re-created if the runtime was restarted, e.g. in tests). */
export function mailerFor(
  prisma: PrismaClient,
  config: Pick<KeyportConfig, "secret" | "SMTP_URL" | "MAIL_FROM">,
  events?: Pick<KeyportEvents, "emit">,
): Mailer {
  const g = globalThis as Holder;
  const held = g[KEY];
  if (held && held.prisma === prisma) return held.mailer;
  held?.mailer.close();
  const mailer = new Mailer({ prisma, secret: config.secret, smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, events });
  g[KEY] = { prisma, mailer };
  return mailer;
}

/** The mailer of the running runtime. */
export async function getMailer(): Promise<Mailer> {
  // The runtime's worker registers the process mailer at start-up (and clears it on stop); tests
  // register theirs with mailerFor().
  const held = (globalThis as Holder)[KEY];
  if (held) return held.mailer;
  // Imported lazily: the runtime itself imports the mail worker.
  const { getRuntime } = await import("../runtime");
  const rt = await getRuntime();
  return mailerFor(rt.prisma, rt.config, rt.events);
}

export function closeProcessMailer(): void {
  const g = globalThis as Holder;
  g[KEY]?.mailer.close();
  delete g[KEY];
}

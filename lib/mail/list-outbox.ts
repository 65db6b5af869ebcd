// The development outbox (no SMTP_URL): the latest messages with their bodies, for /dev/outbox.
import type { PrismaClient } from "../generated/prisma/client";
import type { Mailer } from "./mailer";

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status: string;
  createdAt: Date;
  text: string | null;
  html: string | null;
}

export async function listOutbox(prisma: PrismaClient, mailer: Mailer, opts: { to?: string; take?: number } = {}): Promise<OutboxMessage[]> {
  const rows = await prisma.emailMessage.findMany({
    where: opts.to ? { to: opts.to.toLowerCase() } : {},
    orderBy: { createdAt: "desc" },
    take: Math.min(opts.take ?? 50, 200),
    // The payload is omitted globally (lib/db/database.ts); this is the one reader that opts in.
    select: { id: true, to: true, subject: true, kind: true, status: true, createdAt: true, payload: true },
  });
  return rows.map(({ payload, ...row }) => {
    let body: { html: string; text: string } | null = null;
    try {
      body = mailer.readBody(payload);
    } catch {
      body = null;
    }
    return { ...row, text: body?.text ?? null, html: body?.html ?? null };
  });
}

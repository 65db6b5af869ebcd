// How many messages wait in the outbox (EmailMessage), for the metrics scrape: queued (new or
// waiting for a retry), sending (claimed by a worker) and failed (gave up after MAX_ATTEMPTS).
// Sent rows are not counted; the (status, nextAttemptAt) index serves the grouping.
import type { PrismaClient } from "../generated/prisma/client";

export interface MailQueueCounts {
  queued: number;
  sending: number;
  failed: number;
}

export async function countMailQueue(prisma: PrismaClient): Promise<MailQueueCounts> {
  const rows = await prisma.emailMessage.groupBy({
    by: ["status"],
    where: { status: { in: ["queued", "sending", "failed"] } },
    _count: { _all: true },
  });
  const counts: MailQueueCounts = { queued: 0, sending: 0, failed: 0 };
  for (const r of rows) if (r.status !== "sent") counts[r.status] = r._count._all;
  return counts;
}

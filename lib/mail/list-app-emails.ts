import type { PrismaClient } from "../generated/prisma/client";

export interface AppEmail {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status: "queued" | "sending" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
}

/** The latest emails about one application (never their bodies), for its owner's status panel. */
export async function listAppEmails(prisma: PrismaClient, applicationId: string, take = 10): Promise<AppEmail[]> {
  return prisma.emailMessage.findMany({
    where: { applicationId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, to: true, subject: true, kind: true, status: true, attempts: true, lastError: true, nextAttemptAt: true, createdAt: true, sentAt: true },
  });
}

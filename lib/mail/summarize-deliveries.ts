import type { QueuedMail } from "./mailer";

/**
 * One status for several copies of a mail (one per team member): "sent" once every copy is, else
 * "failed" if any gave up, else "queued" (the worker retries). The id is the first copy's. No copy
 * at all (a team without admins or developers cannot exist, but still) is "failed".
 */
export function summarizeDeliveries(mails: readonly QueuedMail[]): QueuedMail {
  if (mails.length === 0) return { id: "", status: "failed" };
  const status = mails.every((m) => m.status === "sent") ? "sent" : mails.some((m) => m.status === "failed") ? "failed" : "queued";
  return { id: mails[0]?.id ?? "", status };
}

// The audit log as CSV, streamed in keyset-paginated batches so an export of a large log never
// holds it in memory.
import type { PrismaClient } from "../generated/prisma/client";
import { parseInput } from "../errors/app-error";
import { csvRow } from "./csv";
import { AUDIT_ORDER, afterCursor, auditEventSelect, auditFilterSchema, auditWhere, type AuditEventRow, type AuditFilterInput } from "./query-audit-events";

export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "actor_type",
  "actor_id",
  "actor_email",
  "action",
  "target_type",
  "target_id",
  "application_id",
  "ip",
  "user_agent",
  "details",
] as const;

/** Upper bound of one export; narrow the filter for more. */
export const AUDIT_CSV_MAX_ROWS = 200_000;
const BATCH = 1000;

/** Yields the CSV text chunk by chunk: header first, then rows newest first. */
export async function* exportAuditCsv(prisma: PrismaClient, rawFilter: AuditFilterInput, maxRows = AUDIT_CSV_MAX_ROWS): AsyncGenerator<string> {
  const filter = parseInput(auditFilterSchema, rawFilter);
  const base = await auditWhere(prisma, filter);
  yield csvRow(AUDIT_CSV_COLUMNS);
  let cursor: { at: Date; id: bigint } | null = null;
  let sent = 0;
  while (sent < maxRows) {
    const rows: AuditEventRow[] = await prisma.auditEvent.findMany({
      where: cursor ? { AND: [base, afterCursor(cursor)] } : base,
      orderBy: AUDIT_ORDER,
      take: Math.min(BATCH, maxRows - sent),
      select: auditEventSelect,
    });
    if (rows.length === 0) return;
    let chunk = "";
    for (const e of rows) {
      chunk += csvRow([e.id, e.at, e.actorType, e.actorId, e.actorEmail, e.action, e.targetType, e.targetId, e.applicationId, e.ip, e.userAgent, e.details]);
    }
    yield chunk;
    sent += rows.length;
    const last: AuditEventRow = rows[rows.length - 1]!;
    cursor = { at: last.at, id: last.id };
    if (rows.length < BATCH) return;
  }
}

// GET /admin/audit/export — the audit log (same filters as /admin/audit) as RFC 4180 CSV,
// streamed. Admins only: anyone else gets the same 404 as every /admin URL. The export itself is
// audited (who took a copy of the log, with which filter).
import { requireAdmin, actorFromRequest } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { exportAuditCsv } from "@/lib/audit/export-audit-csv";
import { auditFilterSchema } from "@/lib/audit/query-audit-events";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { log, errorFields } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  // notFound() for anyone but an admin: the same 404 as every /admin page.
  const user = await requireAdmin();
  const params = new URL(request.url).searchParams;
  const raw = Object.fromEntries(["actor", "action", "app", "team", "from", "to"].map((k) => [k, params.get(k)?.slice(0, 320) ?? ""]));
  const parsed = auditFilterSchema.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return new Response(`Invalid filter: ${message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const prisma = await getPrisma();
  const actor = await actorFromRequest(user, "admin");
  await recordAuditEvent(prisma, actor, { action: "audit.export", targetType: "audit_log", details: Object.fromEntries(Object.entries(raw).filter(([, v]) => v)) });

  const chunks = exportAuditCsv(prisma, raw);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (err) {
        // Headers are already sent: end the stream as failed rather than hand over a silently truncated file.
        log.error("audit CSV export failed", errorFields(err));
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="keyport-audit-${stamp}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

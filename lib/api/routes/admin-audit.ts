// Admin: the audit log, with the console's filters (lib/audit/query-audit-events.ts: actor email,
// action, application id or client_id, time range), newest first, cursor-paginated on its keyset.
import { z } from "zod";
import { auditFilterSchema, decodeAuditCursor, queryAuditEvents } from "../../audit/query-audit-events";
import { defineRoute } from "../api-route";
import { cursorSchema, invalidCursor, limitSchema, nextPageHeaders, pageSchema } from "../pagination";
import { iso, timestampSchema } from "./common-schemas";

const auditEventSchema = z
  .object({
    id: z.string().meta({ description: "Sequence number (a decimal string: it can exceed 2^53)" }),
    at: timestampSchema,
    actor: z.object({
      type: z.string().meta({ description: "user | admin | cli | system | client | app (an application through this API)" }),
      id: z.string().nullable().meta({ description: "For an app: its client_id" }),
      email: z.string().nullable(),
    }),
    action: z.string().meta({ example: "scope.create" }),
    target_type: z.string().nullable(),
    target_id: z.string().nullable(),
    application_id: z.string().nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    details: z.unknown().meta({ description: "Action-specific JSON, or null" }),
  })
  .meta({ id: "AuditEvent" });

const { actor, action, app, from, to } = auditFilterSchema.shape;

export const ADMIN_AUDIT_ROUTES = [
  defineRoute({
    method: "GET",
    path: "/admin/audit-events",
    operationId: "listAuditEvents",
    summary: "Read the audit log",
    description: "Every change from the portal, the admin console, the CLI and this API, newest first. Filters as in the console; follow next_cursor (or the Link header) for older events.",
    tags: ["Admin: audit log"],
    scope: "keyport:admin",
    params: null,
    query: z.strictObject({
      actor: actor.meta({ description: "Actor email" }),
      action: action.meta({ description: "Action, e.g. scope.create" }),
      app: app.meta({ description: "Application id or client_id" }),
      from: from.meta({ description: "From this time (ISO 8601; without an offset: UTC)" }),
      to: to.meta({ description: "Up to this time (ISO 8601; without an offset: UTC)" }),
      cursor: cursorSchema,
      limit: limitSchema,
    }),
    body: null,
    response: { status: 200, description: "One page of events", schema: pageSchema(auditEventSchema, "AuditEventPage") },
    async handler({ services, query, selfUrl }) {
      if (query.cursor) {
        try {
          decodeAuditCursor(query.cursor);
        } catch {
          throw invalidCursor();
        }
      }
      const filter = { actor: query.actor, action: query.action, app: query.app, from: query.from?.toISOString(), to: query.to?.toISOString() };
      const page = await queryAuditEvents(services.prisma, filter, { cursor: query.cursor ?? null, pageSize: query.limit });
      const next = page.nextCursor ? selfUrl({ ...filter, limit: String(query.limit), cursor: page.nextCursor }) : null;
      return {
        headers: nextPageHeaders(next),
        body: {
          next_cursor: page.nextCursor,
          items: page.items.map((e) => ({
            id: String(e.id),
            at: iso(e.at),
            actor: { type: e.actorType, id: e.actorId, email: e.actorEmail },
            action: e.action,
            target_type: e.targetType,
            target_id: e.targetId,
            application_id: e.applicationId,
            ip: e.ip,
            user_agent: e.userAgent,
            details: e.details ?? null,
          })),
        },
      };
    },
  }),
];

// What one of the team's applications did: token usage per day (lib/usage/get-app-usage.ts, as
// the portal's chart) and its request log of the last 7 days (lib/request-log, as
// /apps/[id]/requests). keyport:apps:read.
import { z } from "zod";
import { decodeRequestLogCursor, listRequestLog, REQUEST_LOG_OUTCOMES } from "../../request-log/list-request-log";
import { requireAppAccess } from "../../teams/authorize";
import { defineRoute } from "../api-route";
import { cursorSchema, invalidCursor, limitSchema, nextPageHeaders } from "../pagination";
import { iso, timestampSchema } from "./common-schemas";
import { appParams } from "./application-schemas";
import { usageBody, usageQuery, usageResponse } from "./usage";

const TAGS = ["Applications"];

const requestLogEntrySchema = z
  .object({
    id: z.string(),
    at: timestampSchema,
    outcome: z.enum(["issued", "failed"]),
    error: z.string().nullable().meta({ description: "RFC 6749 §5.2 error code of a failed request" }),
    ip: z.string().nullable(),
    auth_method: z.string().nullable(),
    scope: z.string().nullable().meta({ description: "Granted (issued) or requested (failed)" }),
    profile: z.string().nullable(),
    grant_type: z.string().nullable(),
  })
  .meta({ id: "TokenRequestLogEntry" });

export const APPLICATION_ACTIVITY_ROUTES = [
  defineRoute({
    method: "GET",
    path: "/applications/{app_id}/usage",
    operationId: "getApplicationUsage",
    summary: "Token usage of one of your team's applications",
    description: "Tokens issued and token requests failed per UTC day, oldest first, today included.",
    tags: TAGS,
    scope: "keyport:apps:read",
    params: appParams,
    query: usageQuery,
    body: null,
    response: usageResponse,
    async handler({ services, principal, params, query }) {
      const { app } = await requireAppAccess(services.prisma, principal, params.app_id, "viewer");
      return { body: await usageBody(services.prisma, app, query.days) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/applications/{app_id}/requests",
    operationId: "listApplicationTokenRequests",
    summary: "The request log: recent token requests of an application",
    description:
      "Newest first, the last 7 days. Captured without slowing the token endpoint: under load entries are sampled (coverage says how many were counted and how many kept).",
    tags: TAGS,
    scope: "keyport:apps:read",
    params: appParams,
    query: z.strictObject({
      outcome: z.enum(REQUEST_LOG_OUTCOMES, { message: "Use all, issued or failed" }).default("all"),
      cursor: cursorSchema,
      limit: limitSchema,
    }),
    body: null,
    response: {
      status: 200,
      description: "One page of token requests",
      schema: z
        .object({
          items: z.array(requestLogEntrySchema),
          next_cursor: z.string().nullable(),
          since: timestampSchema.meta({ description: "The oldest time the log covers" }),
          coverage: z.object({ counted: z.number().int(), kept: z.number().int() }),
        })
        .meta({ id: "TokenRequestPage" }),
    },
    async handler({ services, principal, params, query, selfUrl }) {
      if (query.cursor) {
        try {
          decodeRequestLogCursor(query.cursor);
        } catch {
          throw invalidCursor();
        }
      }
      const { ref } = await requireAppAccess(services.prisma, principal, params.app_id, "viewer");
      const page = await listRequestLog(services.prisma, { app: ref, outcome: query.outcome, cursor: query.cursor ?? null, pageSize: query.limit });
      const next = page.nextCursor ? selfUrl({ outcome: query.outcome, limit: String(query.limit), cursor: page.nextCursor }) : null;
      return {
        headers: nextPageHeaders(next),
        body: {
          items: page.items.map((e) => ({
            id: e.id,
            at: iso(e.at),
            outcome: e.outcome,
            error: e.error,
            ip: e.ip,
            auth_method: e.authMethod,
            scope: e.scope,
            profile: e.profile,
            grant_type: e.grantType,
          })),
          next_cursor: page.nextCursor,
          since: iso(page.since),
          coverage: page.coverage,
        },
      };
    },
  }),
];

// The calling application's own token usage (lib/usage/get-app-usage.ts, as the portal's chart).
import { z } from "zod";
import { getAppUsage } from "../../usage/get-app-usage";
import { defineRoute } from "../api-route";

export const USAGE_ROUTES = [
  defineRoute({
    method: "GET",
    path: "/usage",
    operationId: "getUsage",
    summary: "Token usage of the calling application",
    description: "Tokens issued and token requests failed per UTC day, oldest first, today included.",
    tags: ["Usage"],
    scope: "keyport:apps:read",
    params: null,
    query: z.strictObject({
      days: z.coerce.number().int("days must be a whole number").min(1, "days must be at least 1").max(90, "days must be at most 90").default(30),
    }),
    body: null,
    response: {
      status: 200,
      description: "Daily counts",
      schema: z
        .object({
          application: z.object({ id: z.string(), client_id: z.string() }),
          days: z.array(z.object({ day: z.iso.date(), issued: z.number().int(), failed: z.number().int() })),
          total: z.object({ issued: z.number().int(), failed: z.number().int() }),
        })
        .meta({ id: "Usage" }),
    },
    async handler({ services, principal, query }) {
      const days = await getAppUsage(services.prisma, principal.appId, query.days);
      const total = days.reduce((t, d) => ({ issued: t.issued + d.issued, failed: t.failed + d.failed }), { issued: 0, failed: 0 });
      return { body: { application: { id: principal.appId, client_id: principal.clientId }, days, total } };
    },
  }),
];

// The calling application's own token usage (lib/usage/get-app-usage.ts, as the portal's chart).
import { z } from "zod";
import { getAppUsage } from "../../usage/get-app-usage";
type UsageDb = Parameters<typeof getAppUsage>[0];
import { defineRoute } from "../api-route";

/** `?days=` of both usage routes (this one and /applications/{app_id}/usage). */
export const usageQuery = z.strictObject({
  days: z.coerce.number().int("days must be a whole number").min(1, "days must be at least 1").max(90, "days must be at most 90").default(30),
});

/** The answer of both usage routes. */
export const usageResponse = {
  status: 200,
  description: "Daily counts",
  schema: z
    .object({
      application: z.object({ id: z.string(), client_id: z.string() }),
      days: z.array(z.object({ day: z.iso.date(), issued: z.number().int(), failed: z.number().int() })),
      total: z.object({ issued: z.number().int(), failed: z.number().int() }),
    })
    .meta({ id: "Usage" }),
} as const;

/** Daily counts of application `app` over the last `days` UTC days, with their total. */
export async function usageBody(prisma: UsageDb, app: { id: string; clientId: string }, days: number) {
  const perDay = await getAppUsage(prisma, app.id, days);
  const total = perDay.reduce((t, d) => ({ issued: t.issued + d.issued, failed: t.failed + d.failed }), { issued: 0, failed: 0 });
  return { application: { id: app.id, client_id: app.clientId }, days: perDay, total };
}

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
    query: usageQuery,
    body: null,
    response: usageResponse,
    async handler({ services, principal, query }) {
      return { body: await usageBody(services.prisma, { id: principal.appId, clientId: principal.clientId }, query.days) };
    },
  }),
];

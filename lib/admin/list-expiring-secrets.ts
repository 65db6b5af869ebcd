// The admin console's "Secrets expiring soon": live secrets that expire within a window, soonest
// first, with the reminders already sent about each. The same secrets the reminder pass looks at
// (lib/secrets/secret-reminders.ts): not revoked, not yet expired, of an application that is not
// disabled, and not superseded by a newer live secret (a rotated-away secret in its grace period
// is the rotation working, not something to chase).
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import { parseInput } from "../errors/app-error";

export const EXPIRY_WINDOWS = { "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400, "90d": 90 * 86_400 } as const;
export type ExpiryWindow = keyof typeof EXPIRY_WINDOWS;

export const listExpiringSecretsSchema = z.object({
  within: z.enum(Object.keys(EXPIRY_WINDOWS) as [ExpiryWindow, ...ExpiryWindow[]]).catch("30d").default("30d"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
/** From the page's URL: anything unreadable falls back to the defaults. */
export type ListExpiringSecretsInput = { within?: string; page?: string | number };

export interface ExpiringSecret {
  secretId: string;
  hint: string;
  createdAt: Date;
  expiresAt: Date;
  app: { id: string; name: string; clientId: string; status: string };
  ownerEmail: string;
  /** Reminders recorded so far, most distant first ({offsetSeconds, outcome: sent | skipped, at}). */
  reminders: Array<{ offsetSeconds: number; outcome: string; at: Date }>;
}

interface Row {
  id: string;
  hint: string;
  createdAt: number;
  expiresAt: number;
  appId: string;
  appName: string;
  clientId: string;
  status: string;
  ownerEmail: string;
  total: number;
}

// Timestamps are timestamp(3) without time zone holding UTC: the clock goes in as an ISO instant,
// instants come back as epoch milliseconds (see lib/secrets/secret-reminders.ts).
const QUERY = `
  SELECT s.id, s.hint,
         floor(extract(epoch FROM s."createdAt") * 1000)::float8 AS "createdAt",
         floor(extract(epoch FROM s."expiresAt") * 1000)::float8 AS "expiresAt",
         a.id AS "appId", a.name AS "appName", a."clientId", a.status::text AS status, u.email AS "ownerEmail",
         (count(*) OVER ())::float8 AS total
    FROM "ClientSecret" s
    JOIN "Application" a ON a.id = s."applicationId"
    JOIN "User" u ON u.id = a."ownerId"
   WHERE s."revokedAt" IS NULL
     AND s."expiresAt" > ($1::timestamptz AT TIME ZONE 'UTC')
     AND s."expiresAt" <= ($1::timestamptz AT TIME ZONE 'UTC') + make_interval(secs => $2::int)
     AND a.status <> 'disabled'
     AND NOT EXISTS (
           SELECT 1 FROM "ClientSecret" n
            WHERE n."applicationId" = s."applicationId" AND n.id <> s.id AND n."revokedAt" IS NULL
              AND n."createdAt" > s."createdAt"
              AND (n."expiresAt" IS NULL OR n."expiresAt" > ($1::timestamptz AT TIME ZONE 'UTC')))
   ORDER BY s."expiresAt", s.id
   LIMIT $3 OFFSET $4`;

export const EXPIRING_PAGE_SIZE = 50;

export async function listExpiringSecrets(
  prisma: PrismaClient,
  rawInput: ListExpiringSecretsInput,
  now = new Date(),
): Promise<{ items: ExpiringSecret[]; total: number; page: number; pageCount: number; within: ExpiryWindow }> {
  const input = parseInput(listExpiringSecretsSchema, rawInput);
  const rows = await prisma.$queryRawUnsafe<Row[]>(QUERY, now.toISOString(), EXPIRY_WINDOWS[input.within], EXPIRING_PAGE_SIZE, (input.page - 1) * EXPIRING_PAGE_SIZE);
  const reminders = rows.length
    ? await prisma.secretReminder.findMany({
        where: { secretId: { in: rows.map((r) => r.id) } },
        select: { secretId: true, offsetSeconds: true, outcome: true, at: true },
        orderBy: { offsetSeconds: "desc" },
      })
    : [];
  const total = rows.length ? Number(rows[0]!.total) : 0;
  return {
    items: rows.map((r) => ({
      secretId: r.id,
      hint: r.hint,
      createdAt: new Date(Number(r.createdAt)),
      expiresAt: new Date(Number(r.expiresAt)),
      app: { id: r.appId, name: r.appName, clientId: r.clientId, status: r.status },
      ownerEmail: r.ownerEmail,
      reminders: reminders.filter((m) => m.secretId === r.id).map(({ offsetSeconds, outcome, at }) => ({ offsetSeconds, outcome, at })),
    })),
    total,
    page: input.page,
    pageCount: Math.max(1, Math.ceil(total / EXPIRING_PAGE_SIZE)),
    within: input.within,
  };
}

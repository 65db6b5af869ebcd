// The audit log as admins read it: filtered by actor, action, application and time range, newest
// first, with keyset pagination on (at, id) so page 1,000 costs what page 1 does. Every filter
// matches an index: (actorEmail, at), (action, at), (applicationId, at), (at).
import { z } from "zod";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { AppError, parseInput } from "../errors/app-error";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

/** `datetime-local` inputs ("2026-11-23T10:30") and full ISO timestamps, read as UTC. */
const optionalTime = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const iso = /[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`;
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "Enter a valid date and time" });
      return z.NEVER;
    }
    return d;
  });

export const auditFilterSchema = z.object({
  actor: optionalText(320).transform((v) => v?.toLowerCase()),
  action: optionalText(100),
  /** Application id or client_id. */
  app: optionalText(100),
  /** Team id or slug. */
  team: optionalText(100).transform((v) => v?.toLowerCase()),
  from: optionalTime,
  to: optionalTime,
});
export type AuditFilterInput = z.input<typeof auditFilterSchema>;
export type AuditFilter = z.output<typeof auditFilterSchema>;

export const auditEventSelect = {
  id: true,
  at: true,
  actorType: true,
  actorId: true,
  actorEmail: true,
  action: true,
  targetType: true,
  targetId: true,
  applicationId: true,
  teamId: true,
  ip: true,
  userAgent: true,
  details: true,
} satisfies Prisma.AuditEventSelect;
export type AuditEventRow = Prisma.AuditEventGetPayload<{ select: typeof auditEventSelect }>;

/** Actions Keyport records, offered as filter suggestions (the filter accepts any action). */
export const KNOWN_AUDIT_ACTIONS = [
  "app.create",
  "app.update",
  "app.delete",
  "app.approve",
  "app.deny",
  "app.disable",
  "app.enable",
  "app.secret_policy",
  "app.scopes",
  "app.audiences",
  "app.token_lifetime",
  "app.refresh_tokens",
  "app.refresh_token_lifetime",
  "app.move_team",
  "secret.rotate",
  "secret.revoke",
  "team.create",
  "team.invite",
  "team.invite_revoke",
  "team.join",
  "team.member_role",
  "team.member_remove",
  "team.leave",
  "scope.create",
  "scope.update",
  "scope.retire",
  "scope.restore",
  "audience.create",
  "audience.update",
  "audience.set_default",
  "audience.retire",
  "audience.restore",
  "key.rotate",
  "admin.add",
  "token.revoke",
  "audit.export",
] as const;

/** Opaque keyset cursor: the (at, id) of the last row of the previous page. */
export function encodeAuditCursor(row: { at: Date; id: bigint }): string {
  return Buffer.from(`${row.at.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeAuditCursor(cursor: string): { at: Date; id: bigint } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = new Date(at ?? "");
  if (!id || !/^\d{1,19}$/.test(id) || Number.isNaN(date.getTime())) throw new AppError("invalid_input", "Invalid page cursor");
  return { at: date, id: BigInt(id) };
}

/** Translate a filter to a Prisma `where`; an application given by client_id is resolved first. */
export async function auditWhere(prisma: PrismaClient, filter: AuditFilter): Promise<Prisma.AuditEventWhereInput> {
  const where: Prisma.AuditEventWhereInput = {};
  if (filter.actor) where.actorEmail = filter.actor;
  if (filter.action) where.action = filter.action;
  if (filter.app) {
    const app = await prisma.application.findFirst({
      where: { OR: [{ id: filter.app }, { clientId: filter.app }] },
      select: { id: true },
    });
    // A deleted application's events still carry its id: fall back to the raw value.
    where.applicationId = app?.id ?? filter.app;
  }
  if (filter.team) {
    const team = await prisma.team.findFirst({ where: { OR: [{ id: filter.team }, { slug: filter.team }] }, select: { id: true } });
    where.teamId = team?.id ?? filter.team;
  }
  if (filter.from || filter.to) where.at = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) };
  return where;
}

export function afterCursor(cursor: { at: Date; id: bigint }): Prisma.AuditEventWhereInput {
  return { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] };
}

export const AUDIT_ORDER: Prisma.AuditEventOrderByWithRelationInput[] = [{ at: "desc" }, { id: "desc" }];

export interface AuditPage {
  items: AuditEventRow[];
  /** Cursor of the next (older) page, or null on the last page. */
  nextCursor: string | null;
  filter: AuditFilter;
}

export async function queryAuditEvents(
  prisma: PrismaClient,
  rawFilter: AuditFilterInput,
  options: { cursor?: string | null; pageSize?: number } = {},
): Promise<AuditPage> {
  const filter = parseInput(auditFilterSchema, rawFilter);
  const pageSize = Math.min(Math.max(options.pageSize ?? 50, 1), 500);
  const base = await auditWhere(prisma, filter);
  const where = options.cursor ? { AND: [base, afterCursor(decodeAuditCursor(options.cursor))] } : base;
  const rows = await prisma.auditEvent.findMany({ where, orderBy: AUDIT_ORDER, take: pageSize + 1, select: auditEventSelect });
  const items = rows.slice(0, pageSize);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > pageSize && last ? encodeAuditCursor(last) : null, filter };
}

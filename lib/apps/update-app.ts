// Change an application's settings: scopes, audiences, access-token lifetime, refresh tokens and
// their lifetime, the secret expiry policy. One domain function for the admin console, the CLI
// (`keyport apps update`) and anything else that edits an application, so every path validates
// the same way and leaves the same audit trail.
import { z } from "zod";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, notFound, parseInput } from "../errors/app-error";
import { audienceSchema, scopeListSchema } from "./app-schemas";
import { appScopeWhere, appWhere, type AppRef } from "./app-ref";
import { appSummarySelect, type AppSummary } from "./app-view";
import { secretTtlSchema } from "../secrets/secret-lifetime";

/** Access-token lifetime bounds, as KEYPORT_TOKEN_TTL's (lib/config/env.ts). */
export const TOKEN_LIFETIME_MIN_S = 60;
export const TOKEN_LIFETIME_MAX_S = 86_400;
/** Refresh-token lifetime bounds (each rotation starts a new one). */
export const REFRESH_TOKEN_LIFETIME_MIN_S = 300;
export const REFRESH_TOKEN_LIFETIME_MAX_S = 90 * 86_400;

export const tokenLifetimeSchema = z
  .number({ message: "Enter the lifetime in seconds" })
  .int("Whole seconds")
  .min(TOKEN_LIFETIME_MIN_S, "At least 60 seconds")
  .max(TOKEN_LIFETIME_MAX_S, "At most 24 hours (86400 seconds)");

export const refreshTokenLifetimeSchema = z
  .number({ message: "Enter the lifetime in seconds" })
  .int("Whole seconds")
  .min(REFRESH_TOKEN_LIFETIME_MIN_S, "At least 5 minutes")
  .max(REFRESH_TOKEN_LIFETIME_MAX_S, "At most 90 days");

export const appPatchSchema = z
  .object({
    /** Replaces the app's scopes: each from the catalog (a retired one only if the app already holds it). */
    scopes: scopeListSchema.optional(),
    /** Replaces the app's audiences (RFC 8707 resources); the first is its default. */
    audiences: z
      .array(audienceSchema)
      .min(1, "Choose at least one audience")
      .max(50)
      .transform((a) => [...new Set(a)])
      .optional(),
    tokenLifetime: tokenLifetimeSchema.optional(),
    refreshTokens: z.boolean().optional(),
    refreshTokenLifetime: refreshTokenLifetimeSchema.optional(),
    /** null: the deployment default (KEYPORT_SECRET_TTL); 0: never expire; else seconds (lib/secrets/secret-lifetime.ts). */
    secretTtlSeconds: secretTtlSchema.optional(),
  })
  .strict();

export type AppPatch = z.input<typeof appPatchSchema>;
export type AppField = keyof AppPatch;

/** The audit action of a change to each field ("app.secret_policy" predates this function). */
export const APP_FIELD_AUDIT_ACTIONS: Record<AppField, string> = {
  scopes: "app.scopes",
  audiences: "app.audiences",
  tokenLifetime: "app.token_lifetime",
  refreshTokens: "app.refresh_tokens",
  refreshTokenLifetime: "app.refresh_token_lifetime",
  secretTtlSeconds: "app.secret_policy",
};

/** Policy fields only an administrator (admin console, CLI, system) may change, never an owner. */
const ADMIN_ONLY: ReadonlySet<AppField> = new Set(["refreshTokens", "refreshTokenLifetime", "secretTtlSeconds"]);

export type UpdatedApp = AppSummary & { refreshTokens: boolean; refreshTokenLifetime: number };

export interface AppChange {
  field: AppField;
  from: unknown;
  to: unknown;
}

const updatedSelect = { ...appSummarySelect, refreshTokens: true, refreshTokenLifetime: true } satisfies Prisma.ApplicationSelect;

function isAdministrator(actor: Actor): boolean {
  return actor.type === "admin" || actor.type === "cli" || actor.type === "system";
}

function same(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((v, i) => v === b[i]) : a === b;
}

/**
 * Apply `patch` (only the fields present) to one application, in one transaction with one audit
 * event per changed field ({from, to}). Unchanged fields write nothing; an empty or no-op patch
 * returns `changes: []`. People in the portal (a "user" actor, a ref scoped to their team and
 * role) reach only their team's apps, may not add scopes that need approval, and may not change
 * the admin-only policies. Every column changed
 * here is in the Application cache trigger: each instance's token endpoint sees the change at once.
 */
export async function updateApp(prisma: PrismaClient, ref: AppRef, rawPatch: AppPatch, actor: Actor): Promise<{ app: UpdatedApp; changes: AppChange[] }> {
  const patch = parseInput(appPatchSchema, rawPatch);
  const admin = isAdministrator(actor);
  if (!admin) {
    const forbidden = (Object.keys(patch) as AppField[]).filter((f) => ADMIN_ONLY.has(f));
    if (forbidden.length) throw new AppError("forbidden", `Only an administrator can change ${forbidden.join(", ")}`);
  }
  return prisma.$transaction(async (tx) => {
    const current = await tx.application.findFirst({ where: appWhere(ref), select: updatedSelect });
    if (!current) throw notFound("Application not found");

    const changes: AppChange[] = [];
    for (const field of Object.keys(patch) as AppField[]) {
      const to = patch[field];
      if (to === undefined || same(current[field], to)) continue;
      changes.push({ field, from: current[field], to });
    }
    if (!changes.length) return { app: current, changes };

    const changed = new Map(changes.map((c) => [c.field, c.to]));
    const scopes = changed.get("scopes") as string[] | undefined;
    if (scopes) await checkScopes(tx, scopes, current.scopes, admin);
    const audiences = changed.get("audiences") as string[] | undefined;
    if (audiences) await checkAudiences(tx, audiences, current.audiences);

    const data = Object.fromEntries(changes.map((c) => [c.field, c.to])) as Prisma.ApplicationUpdateManyMutationInput;
    const updated = await tx.application.updateMany({ where: { id: current.id, ...appScopeWhere(ref) }, data });
    if (updated.count !== 1) throw notFound("Application not found");
    for (const c of changes) {
      await recordAuditEvent(tx, actor, {
        action: APP_FIELD_AUDIT_ACTIONS[c.field],
        targetType: "application",
        targetId: current.id,
        applicationId: current.id,
        details: { from: c.from, to: c.to } as Prisma.InputJsonValue,
      });
    }
    const app = await tx.application.findUniqueOrThrow({ where: { id: current.id }, select: updatedSelect });
    return { app, changes };
  });
}

type Tx = Pick<Prisma.TransactionClient, "scope" | "audience">;

/** New scopes come from the catalog and are not retired; ones that need approval only from an admin. */
async function checkScopes(tx: Tx, scopes: string[], held: string[], admin: boolean): Promise<void> {
  const added = scopes.filter((s) => !held.includes(s));
  if (!added.length) return;
  const catalog = await tx.scope.findMany({ where: { name: { in: added }, retiredAt: null }, select: { name: true, requiresApproval: true } });
  const known = new Map(catalog.map((s) => [s.name, s]));
  const unknown = added.filter((s) => !known.has(s));
  if (unknown.length) throw new AppError("invalid_input", "Unknown scope", { scopes: [`Unknown or retired scope: ${unknown.join(", ")}`] });
  const privileged = catalog.filter((s) => s.requiresApproval).map((s) => s.name);
  if (privileged.length && !admin) {
    throw new AppError("forbidden", "Scope needs an administrator's approval", { scopes: [`Needs an administrator's approval: ${privileged.join(", ")}`] });
  }
}

/** New audiences come from the catalog and are not retired (one the app already holds may stay). */
async function checkAudiences(tx: Tx, audiences: string[], held: string[]): Promise<void> {
  const added = audiences.filter((a) => !held.includes(a));
  if (!added.length) return;
  const catalog = await tx.audience.findMany({ where: { identifier: { in: added }, retiredAt: null }, select: { identifier: true } });
  const known = new Set(catalog.map((a) => a.identifier));
  const unknown = added.filter((a) => !known.has(a));
  if (unknown.length) throw new AppError("invalid_input", "Unknown audience", { audiences: [`Unknown or retired audience: ${unknown.join(", ")}`] });
}

import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, parseInput } from "../errors/app-error";
import { generateClientId } from "../crypto/credentials";
import { createClientSecret } from "../secrets/create-client-secret";
import { appDescriptionSchema, appNameSchema, audienceSchema, emailSchema, scopeListSchema } from "./app-schemas";
import { appSummarySelect, type AppSummary, type SecretSummary } from "./app-view";

export const registerAppSchema = z
  .object({
    name: appNameSchema,
    description: appDescriptionSchema,
    scopes: scopeListSchema,
    audience: audienceSchema.optional(),
    ownerId: z.string().min(1).optional(),
    ownerEmail: emailSchema.optional(),
    tokenLifetime: z.number().int().min(60).max(86_400).optional(),
    /**
     * Idempotency key of one registration form (random, made when the page rendered): a second
     * submit with the same key — a double click, a retried request — registers nothing more.
     */
    registrationKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,100}$/, "Reload the page and submit the form again")
      .optional(),
  })
  .refine((v) => v.ownerId || v.ownerEmail, { message: "An owner is required", path: ["ownerEmail"] });

export type RegisterAppInput = z.input<typeof registerAppSchema>;

export interface RegisterAppOptions {
  pepper: Buffer;
  defaultTokenLifetime: number;
  /** Admins and the CLI register active applications; owners' need approval for privileged scopes. */
  preApproved: boolean;
}

export interface RegisteredApp {
  app: AppSummary;
  /** Plaintext, returned exactly once. */
  clientSecret: string;
  secret: SecretSummary;
  /** Scopes that need an admin's approval before the app becomes active. */
  pendingScopes: string[];
}

/**
 * The form with this registration key was already submitted and created `app`. Its secret was
 * shown (and mailed) once, then; it is never returned a second time.
 */
export class AlreadyRegisteredError extends AppError {
  override name = "AlreadyRegisteredError";
  constructor(readonly app: { id: string; name: string; clientId: string }) {
    super("conflict", `${app.name} is already registered`);
  }
}

type Owner = { ownerId?: string; ownerEmail?: string };
type Tx = Pick<PrismaClient, "application" | "user">;

async function findByRegistrationKey(db: Tx, owner: Owner, registrationKey: string) {
  const ownerId = owner.ownerId ?? (await db.user.findUnique({ where: { email: owner.ownerEmail! }, select: { id: true } }))?.id;
  if (!ownerId) return null;
  return db.application.findFirst({ where: { ownerId, registrationKey }, select: { id: true, name: true, clientId: true } });
}

export async function registerApp(
  prisma: PrismaClient,
  rawInput: RegisterAppInput,
  actor: Actor,
  options: RegisterAppOptions,
): Promise<RegisteredApp> {
  const input = parseInput(registerAppSchema, rawInput);
  try {
    return await createApp(prisma, input, actor, options);
  } catch (err) {
    // Two submits of one form racing: the unique (ownerId, registrationKey) index lets exactly one
    // commit; the other lands here and reports the app the first one created.
    if (input.registrationKey && (err as { code?: unknown } | null)?.code === "P2002") {
      const existing = await findByRegistrationKey(prisma, input, input.registrationKey);
      if (existing) throw new AlreadyRegisteredError(existing);
    }
    throw err;
  }
}

async function createApp(
  prisma: PrismaClient,
  input: z.output<typeof registerAppSchema>,
  actor: Actor,
  options: RegisterAppOptions,
): Promise<RegisteredApp> {
  return prisma.$transaction(async (tx) => {
    if (input.registrationKey) {
      const existing = await findByRegistrationKey(tx, input, input.registrationKey);
      if (existing) throw new AlreadyRegisteredError(existing);
    }
    const catalog = await tx.scope.findMany({
      where: { name: { in: input.scopes }, retiredAt: null },
      select: { name: true, requiresApproval: true },
    });
    const known = new Map(catalog.map((s) => [s.name, s]));
    const unknown = input.scopes.filter((s) => !known.has(s));
    if (unknown.length) {
      throw new AppError("invalid_input", "Unknown scope", { scopes: [`Unknown or retired scope: ${unknown.join(", ")}`] });
    }
    const audience = input.audience
      ? await tx.audience.findFirst({ where: { identifier: input.audience, retiredAt: null }, select: { identifier: true } })
      : await tx.audience.findFirst({ where: { isDefault: true, retiredAt: null }, select: { identifier: true } });
    if (!audience) {
      throw new AppError("invalid_input", "Unknown audience", {
        audience: [input.audience ? `Unknown or retired audience: ${input.audience}` : "No default audience is configured"],
      });
    }
    let ownerId = input.ownerId;
    if (!ownerId) {
      const owner = await tx.user.upsert({
        where: { email: input.ownerEmail! },
        create: { email: input.ownerEmail! },
        update: {},
        select: { id: true },
      });
      ownerId = owner.id;
    }
    // Catalog order, so the default `scope` of a token is stable.
    const scopes = input.scopes;
    const pendingScopes = options.preApproved ? [] : catalog.filter((s) => s.requiresApproval).map((s) => s.name);
    const app = await tx.application.create({
      data: {
        clientId: generateClientId(),
        name: input.name,
        description: input.description,
        ownerId,
        status: pendingScopes.length ? "pending" : "active",
        scopes,
        audiences: [audience.identifier],
        tokenLifetime: input.tokenLifetime ?? options.defaultTokenLifetime,
        registrationKey: input.registrationKey ?? null,
      },
      select: appSummarySelect,
    });
    const { clientSecret, secret } = await createClientSecret(tx, options.pepper, app.id, null);
    await recordAuditEvent(tx, actor, {
      action: "app.create",
      targetType: "application",
      targetId: app.id,
      applicationId: app.id,
      details: { name: app.name, clientId: app.clientId, scopes, audience: audience.identifier, status: app.status, secretHint: secret.hint },
    });
    return { app, clientSecret, secret, pendingScopes };
  });
}

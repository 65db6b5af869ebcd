import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError, parseInput } from "../errors/app-error";
import { generateClientId } from "../crypto/credentials";
import { createClientSecret } from "../secrets/create-client-secret";
import { effectiveSecretTtl } from "../secrets/secret-lifetime";
import { appDescriptionSchema, appNameSchema, audienceSchema, emailSchema, scopeListSchema } from "./app-schemas";
import { appSummarySelect, type AppSummary, type SecretSummary } from "./app-view";
import { credentialsMail } from "../mail";
import type { Mailer, OutboxRow, QueuedMail } from "../mail/mailer";
import { appRecipients } from "../mail/app-recipients";
import { summarizeDeliveries } from "../mail/summarize-deliveries";
import { teamWhere } from "../teams/team-ref";
import { teamRoleSchema } from "../teams/team-schemas";
import { ensurePersonalTeam } from "../teams/ensure-personal-team";
import { findOrCreateUser } from "../teams/find-or-create-user";
import { MAX_KEY_INPUT_BYTES, RSA_ALGS } from "../client-keys/client-key-algs";
import { parseClientKeys } from "../client-keys/parse-client-keys";
import { checkJwksUri, MAX_JWKS_URI_LENGTH, type JwksUriPolicy } from "../client-keys/jwks-uri-rule";
import { clientKeySelect, clientKeyView, type ClientKeyView } from "../client-keys/client-key-view";
import type { ParsedClientKey } from "../client-keys/validate-public-jwk";

export const registerAppSchema = z
  .object({
    name: appNameSchema,
    description: appDescriptionSchema,
    scopes: scopeListSchema,
    audience: audienceSchema.optional(),
    /** The creator (a user id, or an address: created with a personal team if new). */
    ownerId: z.string().min(1).optional(),
    ownerEmail: emailSchema.optional(),
    /**
     * The team that will own the application: a TeamRef from requireTeamRole() (lib/teams), whose
     * member and roles are re-checked inside the transaction. Default: the creator's personal team.
     */
    team: z
      .object({
        id: z.string().trim().min(1).max(128),
        member: z.object({ userId: z.string().min(1), roles: z.array(teamRoleSchema).min(1).readonly() }).optional(),
      })
      .optional(),
    tokenLifetime: z.number().int().min(60).max(86_400).optional(),
    /**
     * Idempotency key of one registration form (random, made when the page rendered): a second
     * submit with the same key — a double click, a retried request — registers nothing more.
     */
    registrationKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,100}$/, "Reload the page and submit the form again")
      .optional(),
    /**
     * How the application authenticates (RFC 7591 §2 token_endpoint_auth_method): a client
     * secret (generated and shown once), or private_key_jwt (RFC 7523 §2.2) with public keys —
     * pasted (`keys`: a JWK, a JWKS or a PEM public key) or published at `jwksUri`. No secret
     * exists for a private_key_jwt application.
     */
    authMethod: z.enum(["client_secret", "private_key_jwt"]).default("client_secret"),
    keys: z.string().max(MAX_KEY_INPUT_BYTES, "That is too long for public keys").optional(),
    jwksUri: z.string().max(MAX_JWKS_URI_LENGTH).optional(),
    /** The alg of pasted RSA keys that name none (a PEM never does). */
    rsaAlg: z.enum(RSA_ALGS).optional(),
  })
  .refine((v) => v.ownerId || v.ownerEmail, { message: "An owner is required", path: ["ownerEmail"] })
  .refine((v) => v.authMethod === "private_key_jwt" || (!v.keys?.trim() && !v.jwksUri?.trim()), {
    message: "Keys are only for public-key (private_key_jwt) applications",
    path: ["keys"],
  })
  .refine((v) => v.authMethod !== "private_key_jwt" || Boolean(v.keys?.trim()) !== Boolean(v.jwksUri?.trim()), {
    message: "Paste a public key or enter a JWKS URL (one of the two)",
    path: ["keys"],
  });

export type RegisterAppInput = z.input<typeof registerAppSchema>;

export interface RegisterAppOptions {
  pepper: Buffer;
  /** KEYPORT_SECRET_TTL: lifetime of the new app's first secret (lib/secrets/secret-lifetime.ts). */
  defaultSecretTtl?: number | null;
  defaultTokenLifetime: number;
  /** Admins and the CLI register active applications; owners' need approval for privileged scopes. */
  preApproved: boolean;
  /** Which jwks_uri are acceptable (KEYPORT_JWKS_URI_ALLOW_PRIVATE); default: public https only. */
  jwksUriPolicy?: JwksUriPolicy;
  /**
   * Mail the credentials to the owner: the outbox row is written in the registration's own
   * transaction (transactional outbox) — if queueing fails, nothing is registered; once committed,
   * the mail cannot be lost — and delivered after commit. Omitted: no mail (the CLI prints the secret).
   */
  credentialsMail?: { mailer: Pick<Mailer, "enqueue" | "deliverQueued">; baseUrl: string };
}

export interface RegisteredSecretApp {
  authMethod: "client_secret";
  app: AppSummary;
  /** Plaintext, returned exactly once. */
  clientSecret: string;
  secret: SecretSummary;
  /** Scopes that need an admin's approval before the app becomes active. */
  pendingScopes: string[];
  /**
   * The credentials mail (with options.credentialsMail), one per admin and developer of the team:
   * the first outbox id and the summary of their deliveries (lib/mail/summarize-deliveries.ts).
   */
  mail: QueuedMail | null;
}

/** A private_key_jwt application: no secret was generated, nothing secret is returned or mailed. */
export interface RegisteredKeyApp {
  authMethod: "private_key_jwt";
  app: AppSummary;
  clientSecret: null;
  secret: null;
  /** The inline keys registered (empty when the keys come from jwksUri). */
  keys: ClientKeyView[];
  jwksUri: string | null;
  pendingScopes: string[];
}

export type RegisteredApp = RegisteredSecretApp | RegisteredKeyApp;

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

/** A client-secret application (the default) always comes back with its secret. */
export async function registerApp(
  prisma: PrismaClient,
  rawInput: RegisterAppInput & { authMethod?: "client_secret" },
  actor: Actor,
  options: RegisterAppOptions,
): Promise<RegisteredSecretApp>;
export async function registerApp(prisma: PrismaClient, rawInput: RegisterAppInput, actor: Actor, options: RegisterAppOptions): Promise<RegisteredApp>;
export async function registerApp(
  prisma: PrismaClient,
  rawInput: RegisterAppInput,
  actor: Actor,
  options: RegisterAppOptions,
): Promise<RegisteredApp> {
  const input = parseInput(registerAppSchema, rawInput);
  // Validated before the transaction (thumbprints are async work, and a bad key is a form error).
  const keyInput: KeyInput =
    input.authMethod !== "private_key_jwt"
      ? null
      : input.jwksUri?.trim()
        ? { jwksUri: checkJwksUri(input.jwksUri, options.jwksUriPolicy ?? { allowPrivate: false }), keys: [] }
        : { jwksUri: null, keys: await parseClientKeys(input.keys ?? "", { rsaAlg: input.rsaAlg }) };
  try {
    return await createApp(prisma, input, keyInput, actor, options);
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

/** private_key_jwt: the parsed keys or the checked jwks_uri; null for a client-secret app. */
type KeyInput = { jwksUri: string | null; keys: ParsedClientKey[] } | null;

async function createApp(
  prisma: PrismaClient,
  input: z.output<typeof registerAppSchema>,
  keyInput: KeyInput,
  actor: Actor,
  options: RegisterAppOptions,
): Promise<RegisteredApp> {
  const outbox: OutboxRow[] = [];
  const registered: RegisteredApp = await prisma.$transaction(async (tx) => {
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
    // The creator, and the team that owns the app: the one asked for (still held by the member
    // the ref names, checked here in the transaction), else the creator's personal team.
    const owner = input.ownerId
      ? await tx.user.findUnique({ where: { id: input.ownerId }, select: { id: true, email: true } })
      : await findOrCreateUser(tx, input.ownerEmail!);
    if (!owner) throw new AppError("invalid_input", "Unknown owner", { ownerEmail: ["No such user"] });
    const ownerId = owner.id;
    const team = input.team
      ? await tx.team.findFirst({ where: teamWhere(input.team), select: { id: true } })
      : await ensurePersonalTeam(tx, owner);
    if (!team) throw new AppError("not_found", "Team not found", { team: ["Choose one of your teams where you may register applications"] });
    // Catalog order, so the default `scope` of a token is stable.
    const scopes = input.scopes;
    const pendingScopes = options.preApproved ? [] : catalog.filter((s) => s.requiresApproval).map((s) => s.name);
    const app = await tx.application.create({
      data: {
        clientId: generateClientId(),
        name: input.name,
        description: input.description,
        ownerId,
        teamId: team.id,
        status: pendingScopes.length ? "pending" : "active",
        scopes,
        audiences: [audience.identifier],
        tokenLifetime: input.tokenLifetime ?? options.defaultTokenLifetime,
        registrationKey: input.registrationKey ?? null,
        ...(keyInput ? { authMethod: "private_key_jwt" as const, jwksUri: keyInput.jwksUri } : {}),
      },
      select: appSummarySelect,
    });
    if (keyInput) {
      const keys: ClientKeyView[] = [];
      for (const k of keyInput.keys) {
        const row = await tx.clientKey.create({
          data: { applicationId: app.id, thumbprint: k.thumbprint, kid: k.kid, alg: k.alg, jwk: k.jwk },
          select: clientKeySelect,
        });
        keys.push(clientKeyView(row));
      }
      await recordAuditEvent(tx, actor, {
        action: "app.create",
        targetType: "application",
        targetId: app.id,
        applicationId: app.id,
        teamId: team.id,
        details: {
          name: app.name,
          clientId: app.clientId,
          scopes,
          audience: audience.identifier,
          status: app.status,
          authMethod: "private_key_jwt",
          jwksUri: keyInput.jwksUri,
          keys: keys.map((k) => ({ kid: k.kid, alg: k.alg, thumbprint: k.thumbprint })),
        },
      });
      return { authMethod: "private_key_jwt", app, clientSecret: null, secret: null, keys, jwksUri: keyInput.jwksUri, pendingScopes };
    }
    const { clientSecret, secret } = await createClientSecret(tx, options.pepper, app.id, effectiveSecretTtl(null, options.defaultSecretTtl));
    await recordAuditEvent(tx, actor, {
      action: "app.create",
      targetType: "application",
      targetId: app.id,
      applicationId: app.id,
      teamId: team.id,
      details: { name: app.name, clientId: app.clientId, scopes, audience: audience.identifier, status: app.status, secretHint: secret.hint },
    });
    if (options.credentialsMail) {
      // One copy for each of the team's admins and developers, queued in this transaction.
      const recipients = await appRecipients(tx, app.id);
      for (const mail of credentialsMail({ app, recipients, clientSecret, secretExpiresAt: secret.expiresAt, baseUrl: options.credentialsMail.baseUrl })) {
        outbox.push(await options.credentialsMail.mailer.enqueue(tx, mail));
      }
    }
    return { authMethod: "client_secret", app, clientSecret, secret, pendingScopes, mail: null };
  });
  // After commit: one delivery attempt (never throws; the worker retries what is still queued).
  if (outbox.length && options.credentialsMail && registered.authMethod === "client_secret") {
    const { mailer } = options.credentialsMail;
    registered.mail = summarizeDeliveries(await Promise.all(outbox.map((row) => mailer.deliverQueued(row))));
  }
  return registered;
}

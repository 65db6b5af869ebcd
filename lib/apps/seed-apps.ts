// Seed many active applications at once, for load tests and capacity checks (`npm run bench
// --apps N`): batch inserts instead of N registrations, the same client id, secret and keyed digest
// as registration (lib/crypto/credentials.ts), and one audit event for the whole batch.
import crypto from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { digestSecretHex, generateClientId, generateClientSecret, secretHint } from "../crypto/credentials";

export interface SeedAppsOptions {
  count: number;
  /** The deployment's pepper (config.secret), as registration uses. */
  pepper: Buffer;
  ownerEmail: string;
  scopes: string[];
  /** Default: the default audience. */
  audience?: string;
  namePrefix?: string;
  /** Rows per INSERT (default 1,000). */
  batchSize?: number;
}

export interface SeededCredentials {
  clientId: string;
  /** Plaintext, returned exactly once: only its digest is stored. */
  clientSecret: string;
}

const MAX_SEED = 1_000_000;

export async function seedApps(prisma: PrismaClient, options: SeedAppsOptions, actor: Actor): Promise<SeededCredentials[]> {
  const { count, pepper } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SEED) {
    throw new AppError("invalid_input", `count must be between 1 and ${MAX_SEED}`);
  }
  const catalog = await prisma.scope.findMany({ where: { name: { in: options.scopes }, retiredAt: null }, select: { name: true } });
  if (catalog.length !== new Set(options.scopes).size) throw new AppError("invalid_input", "Unknown or retired scope");
  const audience = await prisma.audience.findFirst({
    where: options.audience ? { identifier: options.audience, retiredAt: null } : { isDefault: true, retiredAt: null },
    select: { identifier: true },
  });
  if (!audience) throw new AppError("invalid_input", "Unknown audience");
  const owner = await prisma.user.upsert({
    where: { email: options.ownerEmail.toLowerCase() },
    create: { email: options.ownerEmail.toLowerCase() },
    update: {},
    select: { id: true },
  });

  const batchSize = options.batchSize ?? 1_000;
  const prefix = options.namePrefix ?? "Seeded app";
  const out: SeededCredentials[] = [];
  const now = new Date();
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const apps = [];
    const secrets = [];
    for (let i = 0; i < n; i++) {
      const id = `seed_${crypto.randomBytes(12).toString("base64url")}`;
      const clientId = generateClientId();
      const clientSecret = generateClientSecret();
      apps.push({
        id,
        clientId,
        name: `${prefix} ${start + i + 1}`,
        ownerId: owner.id,
        status: "active" as const,
        scopes: options.scopes,
        audiences: [audience.identifier],
        createdAt: now,
      });
      secrets.push({ applicationId: id, digest: digestSecretHex(pepper, clientSecret), hint: secretHint(clientSecret), createdAt: now });
      out.push({ clientId, clientSecret });
    }
    await prisma.$transaction([prisma.application.createMany({ data: apps }), prisma.clientSecret.createMany({ data: secrets })]);
  }
  await recordAuditEvent(prisma, actor, {
    action: "apps.seed",
    targetType: "application",
    details: { count, scopes: options.scopes, audience: audience.identifier, owner: options.ownerEmail.toLowerCase() },
  });
  return out;
}

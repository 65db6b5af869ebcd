// Seed many active applications at once, for load tests and capacity checks (`npm run bench
// --apps N`): through the import path (lib/import/import-apps.ts) — batch inserts in one
// transaction per 100,000, the same generated client ids, secrets and keyed digests as
// registration — so the bench measures clients made exactly as imported ones are.
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { AppError } from "../errors/app-error";
import { importRecords } from "../import/import-apps";
import type { ImportRecord } from "../import/import-record";

export interface SeedAppsOptions {
  count: number;
  /** The deployment's pepper (config.secret), as registration uses. */
  pepper: Buffer;
  ownerEmail: string;
  scopes: string[];
  /** Default: the default audience. */
  audience?: string;
  namePrefix?: string;
  /** Token lifetime of the seeded apps (default 3600 s). */
  tokenLifetime?: number;
}

export interface SeededCredentials {
  clientId: string;
  /** Plaintext, returned exactly once: only its digest is stored. */
  clientSecret: string;
}

const MAX_SEED = 1_000_000;
/** Records per import (one transaction each). */
const PER_IMPORT = 100_000;

export async function seedApps(prisma: PrismaClient, options: SeedAppsOptions, actor: Actor): Promise<SeededCredentials[]> {
  const { count } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SEED) {
    throw new AppError("invalid_input", `count must be between 1 and ${MAX_SEED}`);
  }
  const owner = options.ownerEmail.trim().toLowerCase();
  const prefix = options.namePrefix ?? "Seeded app";
  const out: SeededCredentials[] = [];
  for (let start = 0; start < count; start += PER_IMPORT) {
    const records: ImportRecord[] = [];
    for (let i = start; i < Math.min(count, start + PER_IMPORT); i++) {
      records.push({
        line: i + 1,
        name: `${prefix} ${i + 1}`,
        owner,
        scopes: options.scopes,
        audiences: options.audience ? [options.audience] : null,
        tokenTtl: null,
        description: "",
        clientId: null,
        clientSecret: null,
      });
    }
    const r = await importRecords(prisma, records, actor, {
      pepper: options.pepper,
      defaultTokenLifetime: options.tokenLifetime ?? 3600,
      source: "seed",
    });
    if (r.plan.issues.length) throw new AppError("invalid_input", r.plan.issues[0]!.message);
    for (const c of r.credentials) out.push({ clientId: c.clientId, clientSecret: c.clientSecret });
  }
  return out;
}

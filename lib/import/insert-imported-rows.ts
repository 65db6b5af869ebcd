// The bulk writes of an import: one INSERT … SELECT FROM json_to_recordset($1) per batch and table,
// in the caller's transaction. Prisma's createMany spends about a millisecond of CPU per row on
// 10,000 rows (its query compiler builds and checks every bind parameter); one JSON parameter per
// batch leaves the work to PostgreSQL. The same raw-SQL approach as the client cache's reads
// (lib/cache/load-clients.ts). Column lists are written out: a new column with a default needs
// nothing here, one without a default fails loudly.
import crypto from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { SecretHashKind } from "../secrets/hash-imported-secret";

type Tx = Pick<Prisma.TransactionClient, "$executeRawUnsafe">;

/** A primary key shaped like Prisma's cuid() ("c" + 24 base-36 characters, ~124 random bits). */
export function newRowId(): string {
  const n = BigInt(`0x${crypto.randomBytes(16).toString("hex")}`);
  return `c${n.toString(36).padStart(25, "0").slice(-24)}`;
}

export interface ImportedAppRow {
  id: string;
  clientId: string;
  name: string;
  description: string;
  ownerId: string;
  teamId: string;
  scopes: string[];
  audiences: string[];
  tokenLifetime: number;
  /** ISO instant: createdAt, updatedAt and importedAt. */
  at: string;
}

export interface ImportedSecretRow {
  id: string;
  applicationId: string;
  digest: string;
  hashKind: SecretHashKind;
  hint: string;
  at: string;
  expiresAt: string | null;
}

/** Timestamps are timestamp(3) without time zone holding UTC, as Prisma stores DateTime: ISO strings cast as such. */
const ORDERED = (col: string) => `ARRAY(SELECT e FROM json_array_elements_text(r.${col}) WITH ORDINALITY AS x(e, n) ORDER BY n)`;

export async function insertImportedApps(tx: Tx, rows: readonly ImportedAppRow[]): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "Application" ("id", "clientId", "name", "description", "ownerId", "teamId", "status", "scopes", "audiences", "tokenLifetime", "createdAt", "updatedAt", "importedAt")
     SELECT r.id, r."clientId", r.name, r.description, r."ownerId", r."teamId", 'active'::"AppStatus", ${ORDERED("scopes")}, ${ORDERED("audiences")},
            r."tokenLifetime", r.at, r.at, r.at
       FROM json_to_recordset($1::json) AS r(id text, "clientId" text, name text, description text, "ownerId" text, "teamId" text, scopes json, audiences json, "tokenLifetime" int, at timestamp(3))`,
    JSON.stringify(rows),
  );
}

export async function insertImportedSecrets(tx: Tx, rows: readonly ImportedSecretRow[]): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "ClientSecret" ("id", "applicationId", "digest", "hashKind", "hint", "createdAt", "expiresAt")
     SELECT r.id, r."applicationId", r.digest, r."hashKind"::"SecretHash", r.hint, r.at, r."expiresAt"
       FROM json_to_recordset($1::json) AS r(id text, "applicationId" text, digest text, "hashKind" text, hint text, at timestamp(3), "expiresAt" timestamp(3))`,
    JSON.stringify(rows),
  );
}

/** Audit rows as auditEventData() builds them, plus the instant they happened. */
export async function insertAuditEvents(tx: Tx, rows: ReadonlyArray<Prisma.AuditEventUncheckedCreateInput>, at: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "AuditEvent" ("at", "actorType", "actorId", "actorEmail", "ip", "userAgent", "action", "targetType", "targetId", "applicationId", "teamId", "details")
     SELECT $2::timestamp(3), r."actorType", r."actorId", r."actorEmail", r.ip, r."userAgent", r.action, r."targetType", r."targetId", r."applicationId", r."teamId", r.details
       FROM json_to_recordset($1::json) AS r("actorType" text, "actorId" text, "actorEmail" text, ip text, "userAgent" text, action text, "targetType" text, "targetId" text, "applicationId" text, "teamId" text, details jsonb)`,
    JSON.stringify(rows),
    at,
  );
}

/** A unique index refused a row (PostgreSQL 23505), however Prisma reports it for a raw statement. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } }; message?: unknown } | null;
  if (!e) return false;
  if (e.code === "P2002") return true;
  const cause = e.meta?.driverAdapterError?.cause;
  return e.meta?.code === "23505" || cause?.originalCode === "23505" || cause?.kind === "UniqueConstraintViolation" || (typeof e.message === "string" && /23505|unique constraint/i.test(e.message));
}

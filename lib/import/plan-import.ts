// What an import would do, checked against the database without writing anything: scopes and
// audiences must be in the catalog (and not retired), a client_id may appear once in the file and
// must not exist yet, a secret may belong to one application only, and owners that do not exist
// yet are listed (they will be created). The dry run shows exactly this plan; the import makes the
// same plan and, when it has no issues, writes it (lib/import/import-apps.ts).
import type { PrismaClient } from "../generated/prisma/client";
import { digestSecretHex } from "../crypto/credentials";
import { hashKindFor } from "../secrets/hash-imported-secret";
import type { ImportIssue, ImportRecord } from "./import-record";

/** One application the import creates; never holds a secret. */
export interface PlannedApp {
  line: number;
  name: string;
  description: string;
  owner: string;
  /** The owner has no Keyport account yet: the import creates one. */
  ownerIsNew: boolean;
  scopes: string[];
  /** The first is the default audience of its tokens. */
  audiences: string[];
  /** Seconds; null: the deployment's default. */
  tokenTtl: number | null;
  /** null: Keyport generates one. */
  clientId: string | null;
  /** How the secret is kept: the imported one (fast keyed digest or slow hash), or a generated one. */
  secret: "hmac" | "scrypt" | "generated";
}

export interface ImportCounts {
  /** Records in the file. */
  records: number;
  applications: number;
  newOwners: number;
  /** Imported secrets stored with the keyed digest (32 characters or more). */
  hmacSecrets: number;
  /** Imported secrets stored with scrypt (shorter). */
  scryptSecrets: number;
  /** Records without a client_secret: Keyport generates one. */
  generatedSecrets: number;
  generatedClientIds: number;
}

export interface ImportPlan {
  apps: PlannedApp[];
  newOwners: string[];
  /** Every problem, by line; an import with any is refused as a whole. */
  issues: ImportIssue[];
  counts: ImportCounts;
}

/** The plan with what the write step needs besides it (the plaintext secrets stay out of the plan). */
export interface PlannedImport {
  plan: ImportPlan;
  /** Same order as plan.apps. */
  secrets: Array<string | null>;
}

const CHUNK = 1_000;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

export async function planImport(
  prisma: PrismaClient,
  input: { records: readonly ImportRecord[]; issues?: readonly ImportIssue[]; total?: number },
  options: { pepper: Buffer },
): Promise<PlannedImport> {
  const { records } = input;
  const issues: ImportIssue[] = [...(input.issues ?? [])];

  const [scopeRows, audienceRows] = await Promise.all([
    prisma.scope.findMany({ where: { retiredAt: null }, select: { name: true } }),
    prisma.audience.findMany({ where: { retiredAt: null }, select: { identifier: true, isDefault: true } }),
  ]);
  const scopes = new Set(scopeRows.map((s) => s.name));
  const audiences = new Set(audienceRows.map((a) => a.identifier));
  const defaultAudience = audienceRows.find((a) => a.isDefault)?.identifier ?? null;

  // Duplicates inside the file: the first occurrence wins, later ones name its line.
  const lineOfClientId = new Map<string, number>();
  const lineOfSecret = new Map<string, number>();
  const digests: Array<string | null> = records.map((r) => (r.clientSecret === null ? null : digestSecretHex(options.pepper, r.clientSecret)));
  records.forEach((r, i) => {
    const unknownScopes = r.scopes.filter((s) => !scopes.has(s));
    if (unknownScopes.length) {
      issues.push({ line: r.line, field: "scopes", message: `scopes: unknown or retired scope${unknownScopes.length > 1 ? "s" : ""} ${unknownScopes.join(", ")} (keyport scopes add NAME)` });
    }
    if (r.audiences) {
      const unknownAudiences = r.audiences.filter((a) => !audiences.has(a));
      if (unknownAudiences.length) {
        issues.push({ line: r.line, field: "audiences", message: `audiences: unknown or retired audience${unknownAudiences.length > 1 ? "s" : ""} ${unknownAudiences.join(", ")} (keyport audiences add IDENTIFIER)` });
      }
    } else if (!defaultAudience) {
      issues.push({ line: r.line, field: "audiences", message: "audiences: none given and no default audience is configured" });
    }
    if (r.clientId !== null) {
      const first = lineOfClientId.get(r.clientId);
      if (first !== undefined) issues.push({ line: r.line, field: "client_id", message: `client_id: "${r.clientId}" is already on line ${first}` });
      else lineOfClientId.set(r.clientId, r.line);
    }
    const digest = digests[i];
    if (digest) {
      const first = lineOfSecret.get(digest);
      if (first !== undefined) issues.push({ line: r.line, field: "client_secret", message: `client_secret: the same secret as on line ${first} (each application needs its own)` });
      else lineOfSecret.set(digest, r.line);
    }
  });

  // Against the database: client_ids and (fast-digest) secrets that exist already, owners that do not.
  const existingClientIds = new Set<string>();
  for (const part of chunks([...lineOfClientId.keys()])) {
    for (const a of await prisma.application.findMany({ where: { clientId: { in: part } }, select: { clientId: true } })) existingClientIds.add(a.clientId);
  }
  const existingDigests = new Set<string>();
  const hmacDigests = records.flatMap((r, i) => (r.clientSecret !== null && hashKindFor(r.clientSecret) === "hmac" ? [digests[i]!] : []));
  for (const part of chunks(hmacDigests)) {
    for (const s of await prisma.clientSecret.findMany({ where: { digest: { in: part } }, select: { digest: true } })) existingDigests.add(s.digest);
  }
  const owners = [...new Set(records.map((r) => r.owner))];
  const knownOwners = new Set<string>();
  for (const part of chunks(owners)) {
    for (const u of await prisma.user.findMany({ where: { email: { in: part } }, select: { email: true } })) knownOwners.add(u.email);
  }
  records.forEach((r, i) => {
    if (r.clientId !== null && existingClientIds.has(r.clientId) && lineOfClientId.get(r.clientId) === r.line) {
      issues.push({ line: r.line, field: "client_id", message: `client_id: "${r.clientId}" already exists in Keyport` });
    }
    const digest = digests[i];
    if (digest && existingDigests.has(digest) && lineOfSecret.get(digest) === r.line) {
      issues.push({ line: r.line, field: "client_secret", message: "client_secret: already the secret of another application" });
    }
  });

  const apps: PlannedApp[] = records.map((r) => ({
    line: r.line,
    name: r.name,
    description: r.description,
    owner: r.owner,
    ownerIsNew: !knownOwners.has(r.owner),
    scopes: r.scopes,
    audiences: r.audiences ?? (defaultAudience ? [defaultAudience] : []),
    tokenTtl: r.tokenTtl,
    clientId: r.clientId,
    secret: r.clientSecret === null ? "generated" : hashKindFor(r.clientSecret),
  }));
  const newOwners = owners.filter((o) => !knownOwners.has(o));
  issues.sort((a, b) => a.line - b.line);
  return {
    plan: {
      apps,
      newOwners,
      issues,
      counts: {
        records: input.total ?? records.length,
        applications: apps.length,
        newOwners: newOwners.length,
        hmacSecrets: apps.filter((a) => a.secret === "hmac").length,
        scryptSecrets: apps.filter((a) => a.secret === "scrypt").length,
        generatedSecrets: apps.filter((a) => a.secret === "generated").length,
        generatedClientIds: apps.filter((a) => a.clientId === null).length,
      },
    },
    secrets: records.map((r) => r.clientSecret),
  };
}

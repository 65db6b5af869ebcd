// Import applications from another client-credentials service (`keyport apps import FILE`, the
// admin console's import page, and the load-test seeder): parse, plan (lib/import/plan-import.ts),
// and — unless it is a dry run or the plan has any issue — create every application in one
// transaction: all of them or none.
//
// - Imported applications are active at once (an admin imports them), keep their client_id and
//   client_secret, and are marked importedAt. A record without client_id gets a generated one; a
//   record without client_secret gets a generated secret, which is mailed to the owner with
//   `notify`, otherwise returned here exactly once (the CLI prints it, the console shows it once).
// - Secrets are hashed before the transaction and never stored, logged or audited in plaintext:
//   32 characters or more → HMAC digest; shorter → scrypt (lib/secrets/hash-imported-secret.ts).
// - Owners who have no account yet get one (an owner signs in with an email link); each app belongs
//   to its owner's personal team, as one registered from the CLI does.
// - Every application gets an `app.import` audit event, the import one `apps.import`, in the same
//   transaction; mail (only with `notify`) is queued in it too and delivered after commit.
import os from "node:os";
import type { PrismaClient } from "../generated/prisma/client";
import type { Actor } from "../audit/actor";
import { auditEventData } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { digestSecretHex, generateClientId, generateClientSecret, secretHint } from "../crypto/credentials";
import { hashImportedSecret, hashKindFor, importedSecretHint, type SecretHashKind } from "../secrets/hash-imported-secret";
import { credentialsMail } from "../mail";
import type { Mailer, NewMail } from "../mail/mailer";
import { ensurePersonalTeam } from "../teams/ensure-personal-team";
import { findOrCreateUser } from "../teams/find-or-create-user";
import { NOTIFIED_ROLES } from "../teams/team-roles";
import { appImportedMail } from "./app-imported-mail";
import { insertAuditEvents, insertImportedApps, insertImportedSecrets, isUniqueViolation, newRowId, type ImportedAppRow, type ImportedSecretRow } from "./insert-imported-rows";
import { parseImportFile, type ImportFormat, type ParsedImport } from "./parse-import-file";
import { planImport, type ImportPlan } from "./plan-import";
import type { ImportRecord } from "./import-record";

export interface ImportAppsOptions {
  /** The deployment's pepper (config.secret). */
  pepper: Buffer;
  /** KEYPORT_TOKEN_TTL: the token lifetime of records without token_ttl. */
  defaultTokenLifetime: number;
  /** KEYPORT_SECRET_TTL: imported and generated secrets expire this long after the import. */
  defaultSecretTtl?: number | null;
  /** Plan only: nothing is written, nothing hashed, nothing mailed. */
  dryRun?: boolean;
  /** Default: detected from the content. */
  format?: ImportFormat;
  /** Mail every owner (credentials for generated secrets, a notice otherwise). Omitted: no mail. */
  notify?: { mailer: Pick<Mailer, "enqueueMany" | "deliverQueued">; baseUrl: string } | null;
  /** What the summary audit event says it came from ("cli", "admin console", "seed"). */
  source?: string;
}

/** A secret Keyport generated for a record that had none: returned once when not mailed. */
export interface GeneratedCredential {
  line: number;
  clientId: string;
  clientSecret: string;
}

export interface ImportResult {
  format: ImportFormat;
  dryRun: boolean;
  plan: ImportPlan;
  /** Applications created: 0 for a dry run or a refused import. */
  imported: number;
  /** The created applications, in file order. */
  created: Array<{ line: number; id: string; clientId: string }>;
  /** Generated secrets that were not mailed, exactly once. */
  credentials: GeneratedCredential[];
  mail: { queued: number; sent: number };
  /** Wall-clock time of the whole import. */
  ms: number;
}

/** Parse `text` (JSON Lines or CSV) and import it. */
export async function importApps(prisma: PrismaClient, text: string, actor: Actor, options: ImportAppsOptions): Promise<ImportResult> {
  const started = Date.now();
  const parsed = parseImportFile(text, { format: options.format });
  return importParsed(prisma, parsed, actor, options, started);
}

/** Import records that are already valid (the seeder builds them; no file involved). */
export async function importRecords(prisma: PrismaClient, records: ImportRecord[], actor: Actor, options: ImportAppsOptions): Promise<ImportResult> {
  return importParsed(prisma, { format: options.format ?? "jsonl", records, issues: [], total: records.length }, actor, options, Date.now());
}

/** Rows per INSERT: a few thousand bind parameters per statement, well under PostgreSQL's 65,535. */
const BATCH = 1_000;
/** One transaction for the whole import; 100,000 records take well under this. */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

interface HashedSecret {
  digest: string;
  hashKind: SecretHashKind;
  hint: string;
  /** Only for a generated secret: returned or mailed once. */
  generated: string | null;
}

async function importParsed(prisma: PrismaClient, parsed: ParsedImport, actor: Actor, options: ImportAppsOptions, started: number): Promise<ImportResult> {
  const { plan, secrets } = await planImport(prisma, parsed, { pepper: options.pepper });
  const result: ImportResult = { format: parsed.format, dryRun: options.dryRun === true, plan, imported: 0, created: [], credentials: [], mail: { queued: 0, sent: 0 }, ms: 0 };
  if (options.dryRun || plan.issues.length || plan.apps.length === 0) {
    result.ms = Date.now() - started;
    return result;
  }

  const hashed = await hashAll(options.pepper, secrets);
  const now = new Date();
  const expiresAt = options.defaultSecretTtl ? new Date(now.getTime() + options.defaultSecretTtl * 1000) : null;
  const clientIds = plan.apps.map((a) => a.clientId ?? generateClientId());
  const mails: NewMail[] = [];

  let outbox: Awaited<ReturnType<Mailer["enqueueMany"]>> = [];
  try {
    result.created = await prisma.$transaction(
      async (tx) => {
        // Owners and the teams that will own their apps: each owner's personal team (created
        // with the user if the owner is new, lib/teams).
        const owners = new Map<string, { userId: string; teamId: string }>();
        const emails = [...new Set(plan.apps.map((a) => a.owner))];
        for (let i = 0; i < emails.length; i += BATCH) {
          const users = await tx.user.findMany({
            where: { email: { in: emails.slice(i, i + BATCH) } },
            select: { id: true, email: true, personalTeam: { select: { id: true } } },
          });
          for (const u of users) {
            const teamId = u.personalTeam?.id ?? (await ensurePersonalTeam(tx, u)).id;
            owners.set(u.email, { userId: u.id, teamId });
          }
        }
        for (const email of emails) {
          if (owners.has(email)) continue;
          const u = await findOrCreateUser(tx, email);
          owners.set(email, { userId: u.id, teamId: u.personalTeamId });
        }
        // Who is mailed about each team's apps (lib/mail/app-recipients.ts): its admins and developers.
        const recipients = new Map<string, string[]>();
        if (options.notify) {
          const teamIds = [...new Set([...owners.values()].map((o) => o.teamId))];
          for (let i = 0; i < teamIds.length; i += BATCH) {
            const members = await tx.teamMember.findMany({
              where: { teamId: { in: teamIds.slice(i, i + BATCH) }, role: { in: [...NOTIFIED_ROLES] } },
              select: { teamId: true, user: { select: { email: true } } },
              orderBy: [{ role: "asc" }, { createdAt: "asc" }, { userId: "asc" }],
            });
            for (const m of members) {
              const list = recipients.get(m.teamId) ?? [];
              if (!list.includes(m.user.email)) list.push(m.user.email);
              recipients.set(m.teamId, list);
            }
          }
        }
        const created: ImportResult["created"] = [];
        const at = now.toISOString();
        const expires = expiresAt?.toISOString() ?? null;
        for (let start = 0; start < plan.apps.length; start += BATCH) {
          const end = Math.min(start + BATCH, plan.apps.length);
          const appRows: ImportedAppRow[] = [];
          const secretRows: ImportedSecretRow[] = [];
          const auditRows = [];
          for (let j = start; j < end; j++) {
            const a = plan.apps[j]!;
            const h = hashed[j]!;
            const clientId = clientIds[j]!;
            const owner = owners.get(a.owner)!;
            const id = newRowId();
            created.push({ line: a.line, id, clientId });
            appRows.push({
              id,
              clientId,
              name: a.name,
              description: a.description,
              ownerId: owner.userId,
              teamId: owner.teamId,
              scopes: a.scopes,
              audiences: a.audiences,
              tokenLifetime: a.tokenTtl ?? options.defaultTokenLifetime,
              at,
            });
            secretRows.push({ id: newRowId(), applicationId: id, digest: h.digest, hashKind: h.hashKind, hint: h.hint, at, expiresAt: expires });
            auditRows.push(
              auditEventData(actor, {
                action: "app.import",
                targetType: "application",
                targetId: id,
                applicationId: id,
                teamId: owner.teamId,
                details: {
                  line: a.line,
                  name: a.name,
                  clientId,
                  clientIdGenerated: a.clientId === null,
                  owner: a.owner,
                  ownerCreated: a.ownerIsNew,
                  scopes: a.scopes,
                  audiences: a.audiences,
                  status: "active",
                  secret: a.secret,
                  secretHint: h.hint,
                },
              }),
            );
            if (options.notify) {
              const app = { id, name: a.name, clientId, scopes: a.scopes, audiences: a.audiences, status: "active" as const };
              const to = recipients.get(owner.teamId) ?? [a.owner];
              mails.push(
                ...(h.generated
                  ? credentialsMail({ app, recipients: to, clientSecret: h.generated, secretExpiresAt: expiresAt, baseUrl: options.notify.baseUrl })
                  : appImportedMail({ app, recipients: to, secretHint: h.hint, baseUrl: options.notify.baseUrl })),
              );
            }
          }
          await insertImportedApps(tx, appRows);
          await insertImportedSecrets(tx, secretRows);
          await insertAuditEvents(tx, auditRows, at);
        }
        if (options.notify && mails.length) outbox = await options.notify.mailer.enqueueMany(tx, mails);
        await tx.auditEvent.create({
          data: auditEventData(actor, {
            action: "apps.import",
            targetType: "application",
            details: {
              source: options.source ?? null,
              format: parsed.format,
              records: plan.counts.records,
              applications: plan.counts.applications,
              newOwners: plan.counts.newOwners,
              hmacSecrets: plan.counts.hmacSecrets,
              scryptSecrets: plan.counts.scryptSecrets,
              generatedSecrets: plan.counts.generatedSecrets,
              notify: Boolean(options.notify),
            },
          }),
        });
        return created;
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
    );
  } catch (err) {
    // Planned a moment ago, taken meanwhile (another import or registration): nothing was written.
    if (isUniqueViolation(err)) {
      throw new AppError("conflict", "A client_id or secret of this file was created meanwhile; nothing was imported. Run the import again to see which.");
    }
    throw err;
  }
  result.imported = result.created.length;
  if (!options.notify) {
    hashed.forEach((h, j) => {
      if (h.generated) result.credentials.push({ line: plan.apps[j]!.line, clientId: clientIds[j]!, clientSecret: h.generated });
    });
  }
  // After commit: one delivery attempt each (the worker retries what stays queued).
  result.mail.queued = outbox.length;
  for (const row of outbox) {
    if ((await options.notify!.mailer.deliverQueued(row)).status === "sent") result.mail.sent++;
  }
  result.ms = Date.now() - started;
  return result;
}

/**
 * Hash every secret: keyed digests at once, scrypt for the short ones on as many cores as the
 * machine has (libuv runs them off the event loop), generated secrets for records without one.
 */
async function hashAll(pepper: Buffer, secrets: Array<string | null>): Promise<HashedSecret[]> {
  const out: HashedSecret[] = new Array(secrets.length);
  const slow: number[] = [];
  secrets.forEach((s, i) => {
    if (s === null) {
      const generated = generateClientSecret();
      out[i] = { digest: digestSecretHex(pepper, generated), hashKind: "hmac", hint: secretHint(generated), generated };
    } else if (hashKindFor(s) === "hmac") {
      out[i] = { digest: digestSecretHex(pepper, s), hashKind: "hmac", hint: importedSecretHint(s), generated: null };
    } else {
      slow.push(i);
    }
  });
  let next = 0;
  const worker = async () => {
    while (next < slow.length) {
      const i = slow[next++]!;
      const s = secrets[i]!;
      const h = await hashImportedSecret(pepper, s);
      out[i] = { ...h, hint: importedSecretHint(s), generated: null };
    }
  };
  await Promise.all(Array.from({ length: Math.min(slow.length, os.availableParallelism()) }, worker));
  return out;
}

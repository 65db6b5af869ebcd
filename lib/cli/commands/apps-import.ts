// keyport apps import FILE [--dry-run] [--notify] [--json]
// Thin over lib/import/import-apps.ts: the same parsing, plan and all-or-nothing import as the
// admin console's import page. cli/keyport.ts reads FILE and passes its content as --import-data,
// so a command forwarded to a running server never makes the server open a path.
import { importApps, type ImportResult } from "../../import/import-apps";
import { mailerFor } from "../../mail/process-mailer";
import { CliUsageError, type CliCommand } from "./cli-command";
import { table } from "./cli-table";

const n = (x: number) => x.toLocaleString("en");

/** Counts for --json (and the shape scripts rely on). */
export function importJson(r: ImportResult) {
  const c = r.plan.counts;
  return {
    dry_run: r.dryRun,
    format: r.format,
    records: c.records,
    imported: r.imported,
    applications: c.applications,
    new_owners: c.newOwners,
    secrets: { hmac: c.hmacSecrets, scrypt: c.scryptSecrets, generated: c.generatedSecrets },
    generated_client_ids: c.generatedClientIds,
    errors: r.plan.issues.map((i) => ({ line: i.line, ...(i.field ? { field: i.field } : {}), message: i.message })),
    mail: r.mail,
    ms: r.ms,
    new_owner_emails: r.plan.newOwners,
    ...(r.dryRun
      ? {
          plan: r.plan.apps.map((a) => ({
            line: a.line,
            name: a.name,
            client_id: a.clientId,
            owner: a.owner,
            owner_is_new: a.ownerIsNew,
            scopes: a.scopes,
            audiences: a.audiences,
            token_ttl: a.tokenTtl,
            secret: a.secret,
          })),
        }
      : {
          created: r.created.map((x) => ({ line: x.line, id: x.id, client_id: x.clientId })),
          // Generated secrets that were not mailed: printed this once.
          credentials: r.credentials.map((x) => ({ line: x.line, client_id: x.clientId, client_secret: x.clientSecret })),
        }),
  };
}

const PREVIEW_ROWS = 50;

function importText(r: ImportResult): string {
  const c = r.plan.counts;
  const secrets = `${n(c.hmacSecrets)} imported secret(s) kept as a keyed digest, ${n(c.scryptSecrets)} short one(s) with scrypt, ${n(c.generatedSecrets)} generated`;
  if (r.plan.issues.length) {
    const lines = r.plan.issues.map((i) => (i.line ? `  line ${i.line}: ${i.message}` : `  ${i.message}`));
    return `Import refused: ${n(r.plan.issues.length)} problem(s) in ${n(c.records)} record(s); nothing was written.\n${lines.join("\n")}`;
  }
  const owners = r.plan.newOwners.length ? `\nNew owners (${n(r.plan.newOwners.length)}): ${r.plan.newOwners.join(", ")}` : "";
  if (r.dryRun) {
    const rows = [["LINE", "CLIENT_ID", "NAME", "OWNER", "SCOPES", "SECRET"]];
    for (const a of r.plan.apps.slice(0, PREVIEW_ROWS)) {
      rows.push([String(a.line), a.clientId ?? "(generated)", a.name, a.owner + (a.ownerIsNew ? " (new)" : ""), a.scopes.join(" "), a.secret]);
    }
    const more = r.plan.apps.length > PREVIEW_ROWS ? `\n… and ${n(r.plan.apps.length - PREVIEW_ROWS)} more (--json lists every one)` : "";
    return `Dry run (${r.format}): ${n(c.applications)} application(s) would be imported — ${secrets}.${owners}\n\n${table(rows)}${more}\n\nNothing was written.`;
  }
  let text = `Imported ${n(r.imported)} application(s) (${r.format}) in ${(r.ms / 1000).toFixed(1)} s — ${secrets}.${owners}`;
  if (r.mail.queued) text += `\nMail: ${n(r.mail.queued)} message(s) queued, ${n(r.mail.sent)} delivered (the rest are retried).`;
  if (r.credentials.length) {
    const rows = [["LINE", "CLIENT_ID", "CLIENT_SECRET"]];
    for (const x of r.credentials) rows.push([String(x.line), x.clientId, x.clientSecret]);
    text += `\n\nGenerated secrets, shown this once — store them in a secret manager now:\n${table(rows)}`;
  }
  return text;
}

export const appsImport: CliCommand = {
  key: "apps import",
  section: "Applications",
  usage: `  apps import FILE [--dry-run] [--notify]
                                   import applications from another service: JSON Lines or CSV with
                                   name, owner, scopes, audiences, token_ttl, description, client_id,
                                   client_secret (README "Importing applications"); all or nothing,
                                   active at once; --dry-run shows the plan and writes nothing;
                                   --notify mails the owners (no mail without it)`,
  options: {
    "dry-run": { type: "boolean" },
    notify: { type: "boolean" },
    "import-data": { type: "string" },
  },
  async run({ rt, actor, positionals, values }) {
    const data = values["import-data"];
    if (typeof data !== "string") throw new CliUsageError(positionals[0] ? `cannot read ${positionals[0]}` : "FILE is required (JSON Lines or CSV)");
    if (positionals.length > 1) throw new CliUsageError(`unexpected argument: ${positionals[1]}`);
    const r = await importApps(rt.prisma, data, actor, {
      pepper: rt.config.secret,
      defaultTokenLifetime: rt.config.KEYPORT_TOKEN_TTL,
      defaultSecretTtl: rt.config.KEYPORT_SECRET_TTL ?? null,
      dryRun: values["dry-run"] === true,
      notify: values.notify === true ? { mailer: mailerFor(rt.prisma, rt.config, rt.events), baseUrl: rt.config.publicOrigin } : null,
      source: "cli",
    });
    return { json: importJson(r), text: importText(r), exitCode: r.plan.issues.length ? 1 : 0 };
  },
};

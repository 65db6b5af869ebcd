// The `keyport` command line, as a function: argv in, text out. The CLI process calls it
// directly; a running embedded server calls it for a CLI that cannot open the data directory
// itself (see lib/cli/local-socket.ts). Built on the same lib/ functions as the portal.
import { parseArgs } from "node:util";
import type { Runtime } from "../runtime";
import type { Actor } from "../audit/actor";
import { AppError, toAppError } from "../errors/app-error";
import { registerApp } from "../apps/register-app";
import { listApps } from "../apps/list-apps";
import { getApp } from "../apps/get-app";
import { changeAppStatus } from "../apps/change-app-status";
import { rotateClientSecret } from "../secrets/rotate-client-secret";
import { setRequireDpop } from "../apps/set-require-dpop";
import fs from "node:fs";
import { addClientKey } from "../client-keys/add-client-key";
import { removeClientKey } from "../client-keys/remove-client-key";
import { listClientKeys } from "../client-keys/list-client-keys";
import { setJwksUri } from "../client-keys/set-jwks-uri";
import type { ClientKeyView } from "../client-keys/client-key-view";
import { mailerFor } from "../mail/process-mailer";
import { parseDuration } from "../apps/app-schemas";
import { secretState, type AppSummary } from "../apps/app-view";
import { rotateSigningKey } from "../keys/rotate-signing-key";
import { listSigningKeys } from "../keys/list-signing-keys";
import { addAdmin } from "../admins/add-admin";
import { addAudienceIntrospector } from "../audiences/add-audience-introspector";
import { removeAudienceIntrospector } from "../audiences/remove-audience-introspector";
import { listAudienceIntrospectors } from "../audiences/list-audience-introspectors";
import { CLI_COMMANDS } from "./commands";
import { CliUsageError, type CliOutput } from "./commands/cli-command";
import { formatCliOutput, outputFormat } from "./format-cli-output";

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export const USAGE = `Usage: keyport <command> [options]   (npm run keyport -- <command>)

Applications
  apps create --name N --owner EMAIL --scopes "a b" [--audience A] [--description D] [--team TEAM]
              [--auth client_secret | --auth private_key_jwt (--jwks FILE | --jwks-uri URL) [--rsa-alg PS256]]
                                   register an active app; prints client_id and the secret (once) —
                                   or, with private_key_jwt (RFC 7523), its public keys: no secret exists
  apps list [--status S] [--search Q] [--page N]
  apps show ID                     ID is the application id or its client_id
  apps disable ID [--reason R]     the token endpoint refuses it from now on
  apps enable ID
  apps rotate-secret ID [--grace 24h]
                                   new secret (printed once); the old ones work for the grace
                                   period (0 = stop now; e.g. 90s, 15m, 1h, 24h, 7d)
  apps require-dpop ID on|off      on: the token endpoint only issues DPoP-bound tokens to it (RFC 9449)
  apps keys list ID                the public keys of a private_key_jwt app (or its jwks_uri)
  apps keys add ID --jwks FILE [--rsa-alg PS256]
                                   add the public key(s) in FILE (a JWK, a JWKS or a PEM public key)
  apps keys remove ID KEY          KEY: the key's id, thumbprint or kid; refused from now on
  apps keys jwks-uri ID URL|none   take the keys from URL (replaces the inline keys), or stop
Signing keys
  keys rotate                      new current key; the old one stays in the JWKS until its tokens expire
  keys list
Audiences
  audiences introspectors list AUDIENCE
  audiences introspectors add AUDIENCE CLIENT_ID
                                   the app may introspect tokens issued for AUDIENCE (RFC 7662)
  audiences introspectors remove AUDIENCE CLIENT_ID
Admins
  admins add EMAIL

${moduleUsage()}
Options: --json (or --format json) prints one JSON object; --format env prints shell exports
(apps create, apps rotate-secret): eval "$(npm run -s keyport -- apps create … --format env)"
sets CLIENT_ID and CLIENT_SECRET.`;

/** --help lines of the commands in lib/cli/commands, grouped by section. */
function moduleUsage(): string {
  const sections = new Map<string, string[]>();
  for (const c of CLI_COMMANDS) sections.set(c.section, [...(sections.get(c.section) ?? []), c.usage]);
  return [...sections].map(([section, lines]) => `${section}\n${lines.join("\n")}\n`).join("");
}

const COMMANDS_BY_KEY = new Map(CLI_COMMANDS.map((c) => [c.key, c]));
const MODULE_OPTIONS = Object.assign({}, ...CLI_COMMANDS.map((c) => c.options ?? {})) as Record<string, { type: "string" | "boolean" }>;

const UsageError = CliUsageError;

type Values = Record<string, string | boolean | undefined>;

function str(values: Values, name: string, required = true): string | undefined {
  const v = values[name];
  if (typeof v === "string" && v.trim() !== "") return v;
  if (required) throw new UsageError(`--${name} is required`);
  return undefined;
}

function oneId(positionals: string[], what = "ID"): string {
  const id = positionals[0];
  if (!id) throw new UsageError(`${what} is required`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument: ${positionals[1]}`);
  return id;
}

function appJson(app: AppSummary) {
  return {
    id: app.id,
    client_id: app.clientId,
    name: app.name,
    description: app.description,
    owner: app.owner.email,
    team: app.team.slug,
    team_id: app.team.id,
    status: app.status,
    status_reason: app.statusReason,
    scopes: app.scopes,
    audiences: app.audiences,
    token_lifetime: app.tokenLifetime,
    auth_method: app.authMethod,
    jwks_uri: app.jwksUri,
    created_at: app.createdAt.toISOString(),
    last_token_at: app.lastTokenAt?.toISOString() ?? null,
  };
}

function appText(app: AppSummary): string {
  return [
    `${app.name}  (${app.status}${app.statusReason ? `: ${app.statusReason}` : ""})`,
    `  id:         ${app.id}`,
    `  client_id:  ${app.clientId}`,
    `  owner:      ${app.owner.email}`,
    `  team:       ${app.team.slug}${app.team.personalUserId ? " (personal)" : ""}`,
    `  scopes:     ${app.scopes.join(" ")}`,
    `  audiences:  ${app.audiences.join(" ")}`,
    `  created:    ${app.createdAt.toISOString()}`,
    `  last token: ${app.lastTokenAt?.toISOString() ?? "never"}`,
  ].join("\n");
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

type Output = CliOutput;

/** Built-in commands whose output carries credentials as `env` (--format env). */
const ENV_OUTPUT_COMMANDS = new Set(["apps create", "apps rotate-secret"]);

async function dispatch(rt: Runtime, actor: Actor, group: string, verb: string | undefined, positionals: string[], values: Values): Promise<Output> {
  const prisma = rt.prisma;
  const key = `${group} ${verb ?? ""}`.trim();
  const command = COMMANDS_BY_KEY.get(key);
  if (command) return command.run({ rt, actor, positionals, values });
  switch (key) {
    case "apps create": {
      if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
      const scopes = str(values, "scopes")!.split(/[\s,]+/).filter(Boolean);
      const auth = str(values, "auth", false) ?? "client_secret";
      if (auth !== "client_secret" && auth !== "private_key_jwt") throw new UsageError("--auth must be client_secret or private_key_jwt");
      const jwks = str(values, "jwks", false);
      const jwksUri = str(values, "jwks-uri", false);
      if (auth === "private_key_jwt") {
        if (Boolean(jwks) === Boolean(jwksUri)) throw new UsageError("--auth private_key_jwt needs --jwks FILE or --jwks-uri URL (one of them)");
        const r = await registerApp(
          prisma,
          {
            name: str(values, "name")!,
            ownerEmail: str(values, "owner")!,
            team: teamOf(values),
            scopes,
            audience: str(values, "audience", false),
            description: str(values, "description", false) ?? "",
            authMethod: "private_key_jwt",
            keys: jwks === undefined ? undefined : readKeyMaterial(jwks),
            jwksUri,
            rsaAlg: rsaAlgOf(values),
          },
          actor,
          {
            pepper: rt.config.secret,
            defaultSecretTtl: rt.config.KEYPORT_SECRET_TTL,
            defaultTokenLifetime: rt.config.KEYPORT_TOKEN_TTL,
            preApproved: true,
            jwksUriPolicy: { allowPrivate: rt.config.KEYPORT_JWKS_URI_ALLOW_PRIVATE },
          },
        );
        if (r.authMethod !== "private_key_jwt") throw new Error("registered with the wrong method");
        return {
          json: { ...appJson(r.app), keys: r.keys.map(keyJson) },
          env: { CLIENT_ID: r.app.clientId },
          text: `${appText(r.app)}\n  auth:       private_key_jwt (no client secret)\n${r.jwksUri ? `  jwks_uri:   ${r.jwksUri}` : keysText(r.keys)}`,
        };
      }
      if (jwks || jwksUri) throw new UsageError("--jwks and --jwks-uri need --auth private_key_jwt");
      const r = await registerApp(
        prisma,
        {
          name: str(values, "name")!,
          ownerEmail: str(values, "owner")!,
          team: teamOf(values),
          scopes,
          audience: str(values, "audience", false),
          description: str(values, "description", false) ?? "",
        },
        actor,
        { pepper: rt.config.secret, defaultSecretTtl: rt.config.KEYPORT_SECRET_TTL, defaultTokenLifetime: rt.config.KEYPORT_TOKEN_TTL, preApproved: true },
      );
      return {
        json: { ...appJson(r.app), client_secret: r.clientSecret, secret_hint: r.secret.hint, secret_expires_at: r.secret.expiresAt?.toISOString() ?? null },
        env: { CLIENT_ID: r.app.clientId, CLIENT_SECRET: r.clientSecret },
        text: `${appText(r.app)}\n\n  client_secret: ${r.clientSecret}${r.secret.expiresAt ? `\n  expires:       ${r.secret.expiresAt.toISOString()}` : ""}\n\nThe secret is shown this once: store it in a secret manager now.`,
      };
    }
    case "apps list": {
      const status = str(values, "status", false);
      const page = Number(str(values, "page", false) ?? "1");
      const r = await listApps(prisma, {
        status: status as "pending" | "active" | "disabled" | undefined,
        q: str(values, "search", false),
        page,
        pageSize: 50,
      });
      const rows = [["CLIENT_ID", "NAME", "STATUS", "OWNER", "SCOPES", "CREATED"]];
      for (const a of r.items) rows.push([a.clientId, a.name, a.status, a.owner.email, a.scopes.join(" "), a.createdAt.toISOString().slice(0, 10)]);
      return {
        json: { total: r.total, page: r.page, page_size: r.pageSize, apps: r.items.map(appJson) },
        text: r.items.length ? `${table(rows)}\n\n${r.total} application(s); page ${r.page}` : "No applications.",
      };
    }
    case "apps show": {
      const app = await getApp(prisma, { id: oneId(positionals) });
      const secrets = app.secrets.map((s) => ({
        id: s.id,
        hint: s.hint,
        state: secretState(s),
        created_at: s.createdAt.toISOString(),
        expires_at: s.expiresAt?.toISOString() ?? null,
        revoked_at: s.revokedAt?.toISOString() ?? null,
      }));
      const lines = secrets.map((s) => `    …${s.hint}  ${s.state.padEnd(8)}  created ${s.created_at}${s.expires_at ? `  expires ${s.expires_at}` : ""}`);
      return { json: { ...appJson(app), secrets }, text: `${appText(app)}\n  secrets:\n${lines.join("\n")}` };
    }
    case "apps disable":
    case "apps enable": {
      const action = verb as "disable" | "enable";
      const r = await changeAppStatus(prisma, { id: oneId(positionals) }, action, actor, str(values, "reason", false));
      return {
        json: { ...appJson(r.app), changed: r.changed },
        text: r.changed ? `${r.app.name} (${r.app.clientId}) is now ${r.app.status}.` : `${r.app.name} was already ${r.app.status}.`,
      };
    }
    case "apps rotate-secret": {
      const graceText = str(values, "grace", false) ?? "24h";
      const grace = parseDuration(graceText);
      if (grace === null) throw new UsageError(`--grace: cannot read "${graceText}" (e.g. 0, 90s, 15m, 1h, 24h, 7d)`);
      const r = await rotateClientSecret(prisma, { id: oneId(positionals) }, grace, actor, { pepper: rt.config.secret, defaultSecretTtl: rt.config.KEYPORT_SECRET_TTL });
      const until = r.oldSecretsExpireAt ? `until ${r.oldSecretsExpireAt.toISOString()}` : "no longer (revoked now)";
      return {
        json: {
          id: r.app.id,
          client_id: r.app.clientId,
          client_secret: r.clientSecret,
          secret_hint: r.secret.hint,
          expires_at: r.secret.expiresAt?.toISOString() ?? null,
          old_secrets_expire_at: r.oldSecretsExpireAt?.toISOString() ?? new Date().toISOString(),
        },
        env: { CLIENT_ID: r.app.clientId, CLIENT_SECRET: r.clientSecret },
        text: `New secret for ${r.app.name} (${r.app.clientId}):\n\n  client_secret: ${r.clientSecret}\n\nPrevious secrets work ${until}. The secret is shown this once.`,
      };
    }
    case "apps require-dpop": {
      const [id, setting, ...rest] = positionals;
      if (!id || (setting !== "on" && setting !== "off") || rest.length) throw new UsageError("usage: apps require-dpop ID on|off");
      const r = await setRequireDpop(prisma, { id }, setting === "on", actor);
      return {
        json: { id, require_dpop: r.requireDpop, changed: r.changed },
        text: `${id}: DPoP ${r.requireDpop ? "required" : "not required"}${r.changed ? "" : " (unchanged)"}.`,
      };
    }
    case "apps keys": {
      const [sub, id, arg, extra] = positionals;
      if (!id) throw new UsageError("usage: apps keys list|add|remove|jwks-uri ID …");
      const changeOptions = { secret: rt.config.secret, baseUrl: rt.config.publicOrigin, mailer: processMailer(rt) };
      if (sub === "list") {
        if (arg !== undefined) throw new UsageError(`unexpected argument: ${arg}`);
        const r = await listClientKeys(prisma, { id });
        return {
          json: { auth_method: r.authMethod, jwks_uri: r.jwksUri, keys: r.keys.map(keyJson) },
          text: r.authMethod !== "private_key_jwt" ? `${id} authenticates with a client secret; it has no keys.` : r.jwksUri ? `keys from jwks_uri: ${r.jwksUri}` : keysText(r.keys) || "No keys: the application cannot authenticate.",
        };
      }
      if (sub === "add") {
        if (arg !== undefined) throw new UsageError(`unexpected argument: ${arg}`);
        const r = await addClientKey(prisma, { app: { id }, keys: readKeyMaterial(str(values, "jwks")!), rsaAlg: rsaAlgOf(values) }, actor, changeOptions);
        return { json: { id: r.app.id, client_id: r.app.clientId, added: r.added.map(keyJson) }, text: `Added to ${r.app.name} (${r.app.clientId}):\n${keysText(r.added)}` };
      }
      if (sub === "remove") {
        if (!arg) throw new UsageError("usage: apps keys remove ID KEY");
        if (extra !== undefined) throw new UsageError(`unexpected argument: ${extra}`);
        const r = await removeClientKey(prisma, { app: { id }, key: arg }, actor, changeOptions);
        return {
          json: { id: r.app.id, client_id: r.app.clientId, removed: keyJson(r.removed), remaining: r.remaining },
          text: `Removed from ${r.app.name} (${r.app.clientId}): ${r.removed.thumbprint}${r.removed.kid ? ` (kid ${r.removed.kid})` : ""}. ${r.remaining} key(s) left.`,
        };
      }
      if (sub === "jwks-uri") {
        if (!arg) throw new UsageError("usage: apps keys jwks-uri ID URL|none");
        if (extra !== undefined) throw new UsageError(`unexpected argument: ${extra}`);
        const r = await setJwksUri(prisma, { app: { id }, jwksUri: arg === "none" ? null : arg }, actor, { ...changeOptions, allowPrivate: rt.config.KEYPORT_JWKS_URI_ALLOW_PRIVATE });
        return {
          json: { id: r.app.id, client_id: r.app.clientId, jwks_uri: r.jwksUri, changed: r.changed, removed_keys: r.removedKeys },
          text: r.changed ? `${r.app.name} (${r.app.clientId}): ${r.jwksUri ? `keys from ${r.jwksUri}` : "no jwks_uri; register keys with apps keys add"}.` : `${r.app.name}: unchanged.`,
        };
      }
      throw new UsageError("usage: apps keys list|add|remove|jwks-uri ID …");
    }
    case "keys rotate": {
      if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
      const r = await rotateSigningKey(prisma, rt.config.secret, rt.config.KEYPORT_SIGNING_ALG, actor, rt.config.KEYPORT_TOKEN_TTL);
      rt.keys.invalidate();
      return { json: r, text: `New signing key ${r.kid} (${r.alg}) is current.${r.retired.length ? ` Retired: ${r.retired.join(", ")}` : ""}` };
    }
    case "keys list": {
      const keys = await listSigningKeys(prisma);
      const rows = [["KID", "ALG", "STATUS", "CREATED", "RETIRED", "LEAVES JWKS"]];
      for (const k of keys) {
        rows.push([k.kid, k.alg, k.status, k.createdAt.toISOString(), k.retiredAt?.toISOString() ?? "-", k.status === "active" ? "-" : (k.expiresAt?.toISOString() ?? "-")]);
      }
      return {
        json: {
          keys: keys.map((k) => ({
            kid: k.kid,
            alg: k.alg,
            status: k.status,
            created_at: k.createdAt.toISOString(),
            activated_at: k.activatedAt?.toISOString() ?? null,
            retired_at: k.retiredAt?.toISOString() ?? null,
            leaves_jwks_at: k.expiresAt?.toISOString() ?? null,
            in_jwks: k.inJwks,
          })),
        },
        text: table(rows),
      };
    }
    case "audiences introspectors": {
      const [sub, audience, clientId, extra] = positionals;
      if (sub === "list") {
        if (!audience) throw new UsageError("AUDIENCE is required");
        if (clientId !== undefined) throw new UsageError(`unexpected argument: ${clientId}`);
        const list = await listAudienceIntrospectors(prisma, audience);
        const rows = [["CLIENT_ID", "NAME", "STATUS", "ADDED"]];
        for (const i of list) rows.push([i.clientId, i.name, i.status, i.addedAt.toISOString()]);
        return {
          json: {
            audience,
            introspectors: list.map((i) => ({ id: i.applicationId, client_id: i.clientId, name: i.name, status: i.status, added_at: i.addedAt.toISOString() })),
          },
          text: list.length ? table(rows) : `No resource server may introspect tokens for ${audience}; only each token's own client can.`,
        };
      }
      if (sub !== "add" && sub !== "remove") throw new UsageError("use: audiences introspectors list|add|remove AUDIENCE [CLIENT_ID]");
      if (!audience || !clientId) throw new UsageError("AUDIENCE and CLIENT_ID are required");
      if (extra !== undefined) throw new UsageError(`unexpected argument: ${extra}`);
      const change = sub === "add" ? addAudienceIntrospector : removeAudienceIntrospector;
      const r = await change(prisma, { identifier: audience, clientId }, actor);
      const text =
        sub === "add"
          ? r.changed
            ? `${r.name} (${r.clientId}) may now introspect tokens for ${r.audience}.`
            : `${r.name} (${r.clientId}) already could introspect tokens for ${r.audience}.`
          : r.changed
            ? `${r.name} (${r.clientId}) may no longer introspect tokens for ${r.audience}.`
            : `${r.name} (${r.clientId}) was not an introspector of ${r.audience}.`;
      return { json: { audience: r.audience, client_id: r.clientId, id: r.applicationId, name: r.name, changed: r.changed }, text };
    }
    case "admins add": {
      const r = await addAdmin(prisma, oneId(positionals, "EMAIL"), actor);
      return { json: r, text: r.changed ? `${r.email} is now an admin.` : `${r.email} was already an admin.` };
    }
    default:
      throw new UsageError(group ? `unknown command: ${key}` : "a command is required");
  }
}

/** Run one CLI invocation against a started runtime. */
export async function runCliCommand(rt: Runtime, argv: string[], actor: Actor): Promise<CliResult> {
  let asJson = argv.includes("--json");
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
        name: { type: "string" },
        owner: { type: "string" },
        team: { type: "string" },
        scopes: { type: "string" },
        audience: { type: "string" },
        description: { type: "string" },
        status: { type: "string" },
        search: { type: "string" },
        page: { type: "string" },
        reason: { type: "string" },
        grace: { type: "string" },
        auth: { type: "string" },
        jwks: { type: "string" },
        "jwks-uri": { type: "string" },
        "rsa-alg": { type: "string" },
        ...MODULE_OPTIONS,
      },
    });
    asJson = values.json === true || values.format === "json";
    const format = outputFormat(values);
    if (values.help || positionals.length === 0) return { stdout: USAGE + "\n", stderr: "", code: values.help ? 0 : 2 };
    const [group, verb, ...rest] = positionals;
    const key = `${group} ${verb ?? ""}`.trim();
    // Refused before anything changes: a command that yields no credentials has nothing to export.
    if (format === "env" && !ENV_OUTPUT_COMMANDS.has(key) && COMMANDS_BY_KEY.get(key)?.envOutput !== true) {
      throw new UsageError(`--format env is not available for "${key}" (it is for apps create and apps rotate-secret)`);
    }
    const out = await dispatch(rt, actor, group!, verb, rest, values);
    return { stdout: formatCliOutput(out, format, key), stderr: "", code: out.exitCode ?? 0 };
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    const appError = usage ? null : toAppError(err);
    let message: string;
    if (usage) message = `${(err as Error).message}\nRun \`keyport --help\` for usage.`;
    else if (appError) message = describe(appError);
    else throw err; // unexpected: the caller logs it
    const stdout = asJson ? JSON.stringify({ error: usage ? "usage" : appError!.code, message }) + "\n" : "";
    return { stdout, stderr: `keyport: ${message}\n`, code: usage ? 2 : 1 };
  }
}

/**
 * --jwks: key material itself (cli/keyport.ts inlines the file's content, so a command forwarded
 * to a running server never makes the server read a path), or a file path read here.
 */
function readKeyMaterial(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("-----BEGIN")) return value;
  try {
    return fs.readFileSync(value, "utf8");
  } catch (err) {
    throw new UsageError(`--jwks: cannot read ${value} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

/** --team (slug or id): the team that owns the new app; default the owner's personal team. */
function teamOf(values: Values): { id: string } | undefined {
  const team = str(values, "team", false);
  return team ? { id: team.trim().toLowerCase() } : undefined;
}

function rsaAlgOf(values: Values): "RS256" | "PS256" | undefined {
  const v = str(values, "rsa-alg", false);
  if (v === undefined || v === "RS256" || v === "PS256") return v;
  throw new UsageError("--rsa-alg must be RS256 or PS256");
}

function keyJson(k: ClientKeyView) {
  return { id: k.id, kid: k.kid, alg: k.alg, kty: k.kty, crv: k.crv ?? null, thumbprint: k.thumbprint, created_at: k.createdAt.toISOString() };
}

function keysText(keys: ClientKeyView[]): string {
  if (!keys.length) return "";
  const rows = [["ID", "KID", "ALG", "THUMBPRINT", "ADDED"]];
  for (const k of keys) rows.push([k.id, k.kid ?? "-", k.alg, k.thumbprint, k.createdAt.toISOString()]);
  return table(rows);
}

/** The process mailer (delivers the key-change mail at once; the worker retries otherwise). */
function processMailer(rt: Runtime) {
  return mailerFor(rt.prisma, rt.config, rt.events);
}

function describe(e: AppError): string {
  const fields = Object.entries(e.fieldErrors).map(([f, msgs]) => `  ${f}: ${msgs.join("; ")}`);
  return fields.length ? `${e.message}\n${fields.join("\n")}` : e.message;
}

// keyport apps update ID [--scopes "a b"] [--audiences "A B"] [--token-ttl S] [--refresh-tokens on|off]
//                        [--refresh-token-ttl S] [--secret-ttl 90d|72h|none|default]
// Thin over lib/apps/update-app.ts: the same validation and audit trail as the admin console.
import { parseDuration } from "../../config/duration";
import { updateApp, type AppPatch } from "../../apps/update-app";
import { describeSecretPolicy, formatDuration, parseSecretTtlPolicy } from "../../secrets/secret-lifetime";
import { CliUsageError, optionalOption, type CliCommand } from "./cli-command";

const FLAGS = ["scopes", "audiences", "token-ttl", "refresh-tokens", "refresh-token-ttl", "secret-ttl"] as const;

function list(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/** Seconds, or a duration ("15m", "1h"); a usage error when it cannot be read at all. */
function seconds(flag: string, value: string): number {
  const s = parseDuration(value);
  if (s === null) throw new CliUsageError(`--${flag}: cannot read "${value}" (seconds, or e.g. 900, 15m, 1h)`);
  return s;
}

export const appsUpdate: CliCommand = {
  key: "apps update",
  section: "Applications",
  usage: `  apps update ID [--scopes "a b"] [--audiences "A B"] [--token-ttl S] [--refresh-tokens on|off]
              [--refresh-token-ttl S] [--secret-ttl 90d|72h|none|default]
                                   change an app's settings (each audited); --scopes and --audiences
                                   replace the lists (the first audience is the default); the token
                                   lifetime (60 s … 24 h) applies to the next token; --secret-ttl sets
                                   how long NEW secrets live: none = never, default = KEYPORT_SECRET_TTL`,
  options: {
    audiences: { type: "string" },
    "token-ttl": { type: "string" },
    "refresh-tokens": { type: "string" },
    "refresh-token-ttl": { type: "string" },
    "secret-ttl": { type: "string" },
  },
  async run({ rt, actor, positionals, values }) {
    const [id, extra] = positionals;
    if (!id) throw new CliUsageError("ID is required (the application id or its client_id)");
    if (extra !== undefined) throw new CliUsageError(`unexpected argument: ${extra}`);
    const patch: AppPatch = {};
    const scopes = optionalOption(values, "scopes");
    if (scopes !== undefined) patch.scopes = list(scopes);
    const audiences = optionalOption(values, "audiences");
    if (audiences !== undefined) patch.audiences = list(audiences);
    const tokenTtl = optionalOption(values, "token-ttl");
    if (tokenTtl !== undefined) patch.tokenLifetime = seconds("token-ttl", tokenTtl);
    const refresh = optionalOption(values, "refresh-tokens");
    if (refresh !== undefined) {
      if (refresh !== "on" && refresh !== "off") throw new CliUsageError("--refresh-tokens must be on or off");
      patch.refreshTokens = refresh === "on";
    }
    const refreshTtl = optionalOption(values, "refresh-token-ttl");
    if (refreshTtl !== undefined) patch.refreshTokenLifetime = seconds("refresh-token-ttl", refreshTtl);
    const secretTtl = optionalOption(values, "secret-ttl");
    if (secretTtl !== undefined) {
      const policy = parseSecretTtlPolicy(secretTtl);
      if (policy === undefined) throw new CliUsageError(`--secret-ttl: cannot read "${secretTtl}" (e.g. 90d, 72h, none, default)`);
      patch.secretTtlSeconds = policy;
    }
    if (!Object.keys(patch).length) throw new CliUsageError(`nothing to change: give at least one of ${FLAGS.map((f) => `--${f}`).join(", ")}`);

    const { app, changes } = await updateApp(rt.prisma, { id }, patch, actor);
    const secretPolicy = describeSecretPolicy(app.secretTtlSeconds, rt.config.KEYPORT_SECRET_TTL);
    const lines = changes.map((c) => `  ${c.field}: ${show(c.from)} → ${show(c.to)}`);
    return {
      json: {
        id: app.id,
        client_id: app.clientId,
        changed: changes.map((c) => c.field),
        scopes: app.scopes,
        audiences: app.audiences,
        token_lifetime: app.tokenLifetime,
        refresh_tokens: app.refreshTokens,
        refresh_token_lifetime: app.refreshTokenLifetime,
        // null: the deployment default applies; 0: never expires.
        secret_ttl: app.secretTtlSeconds,
        secret_policy: secretPolicy,
      },
      text: changes.length
        ? `${app.name} (${app.clientId}) updated:\n${lines.join("\n")}${changes.some((c) => c.field === "secretTtlSeconds") ? `\n${secretPolicy} Existing secrets keep their expiry.` : ""}`
        : `${app.name} (${app.clientId}): nothing changed.`,
    };
  },
};

function show(v: unknown): string {
  if (Array.isArray(v)) return v.join(" ") || "(none)";
  if (v === null) return "default";
  if (typeof v === "boolean") return v ? "on" : "off";
  if (typeof v === "number") return v === 0 ? "0 (never)" : `${v} (${formatDuration(v)})`;
  return String(v);
}

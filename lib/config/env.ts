// Keyport configuration: read once from the environment, validated with zod, failing fast with a
// readable message. Every variable is documented in .env.example.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";
import { publicOriginOf } from "./public-origin";
import { parseDuration } from "./duration";

export const SIGNING_ALGS = ["RS256", "ES256", "EdDSA"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

const emailList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );

/** "10/1m", "5/15m", "20/1h", "100/30s"; "0" or "off" disables the limit. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}
const DURATION_UNITS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const rateLimit = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((v, ctx): RateLimit | null => {
      if (v === "0" || v.toLowerCase() === "off") return null;
      const m = /^(\d{1,7})\s*\/\s*(\d{1,6})?\s*([smhd])$/.exec(v);
      if (!m || Number(m[1]) < 1) {
        ctx.addIssue({ code: "custom", message: `must look like "10/1m" (count per s|m|h|d window) or "off"; got "${v}"` });
        return z.NEVER;
      }
      return { points: Number(m[1]), durationSeconds: Number(m[2] ?? 1) * DURATION_UNITS[m[3] as keyof typeof DURATION_UNITS] };
    });

/** Names of the vendor profiles Keyport can mount (KEYPORT_PROFILES; lib/oauth/profiles). */
export const PROFILE_NAMES = ["ciam", "vision10", "access-analyzer"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** A positive duration in seconds ("90d", "72h", …), or null. */
function positiveDuration(v: string): number | null {
  const seconds = parseDuration(v);
  return seconds !== null && seconds > 0 ? seconds : null;
}
const duration = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const seconds = positiveDuration(v);
    if (seconds === null) {
      ctx.addIssue({ code: "custom", message: `must be a duration like "90d", "72h", "30m" or seconds; got "${v}"` });
      return z.NEVER;
    }
    return seconds;
  });

const flag = z
  .string()
  .optional()
  .transform((v) => v === "1" || v?.toLowerCase() === "true" || v?.toLowerCase() === "yes");

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  KEYPORT_DATA_DIR: z.string().min(1).default("./data"),
  KEYPORT_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 48)").optional(),
  KEYPORT_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  KEYPORT_SIGNING_ALG: z.enum(SIGNING_ALGS).default("RS256"),
  KEYPORT_DEFAULT_AUDIENCE: z.string().min(1).default("urn:keyport:api"),
  /** The scope /apps/new pre-selects (issue #12 item 12); empty: none. Ignored unless it is in the catalog, not retired, and needs no approval. */
  KEYPORT_DEFAULT_SCOPE: z.string().trim().max(100).default("application.client"),
  KEYPORT_TOKEN_TTL: z.coerce.number().int().min(60).max(86_400).default(3600),
  KEYPORT_ALLOWED_EMAILS: emailList,
  KEYPORT_ADMIN_EMAILS: emailList,
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
  MAIL_FROM: z.string().min(3).default("Keyport <keyport@localhost>"),
  AUTH_SECRET: z.string().min(32).optional(),
  KEYPORT_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** How many reverse proxies stand in front of Keyport; only then is X-Forwarded-For believed. */
  KEYPORT_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** With DATABASE_URL and no SMTP_URL: keep mail in the development outbox anyway. */
  KEYPORT_DEV_OUTBOX: flag,
  /** Seconds a cached client keeps getting tokens from its last known state while the database is down. */
  KEYPORT_STALE_IF_ERROR: z.coerce.number().int().min(0).max(86_400).default(900),
  /**
   * Seconds a cached client is used before it is read again. LISTEN/NOTIFY drops an entry the
   * moment its application changes, so this only bounds staleness should a notification be missed.
   */
  KEYPORT_CLIENT_CACHE_TTL: z.coerce.number().int().min(1).max(86_400).default(600),
  KEYPORT_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  KEYPORT_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** Failed client authentications per (client_id, source address) at the token, introspection and revocation endpoints. */
  KEYPORT_LIMIT_AUTH_FAILURES_PER_CLIENT: rateLimit("10/1m"),
  /** Failed client authentications per source address, whatever the client_id. */
  KEYPORT_LIMIT_AUTH_FAILURES_PER_ADDRESS: rateLimit("100/1m"),
  /** Sign-in links mailed per email address. */
  KEYPORT_LIMIT_SIGNIN_PER_EMAIL: rateLimit("5/15m"),
  /** Sign-in links requested per source address. */
  KEYPORT_LIMIT_SIGNIN_PER_ADDRESS: rateLimit("30/15m"),
  /** Applications registered per owner in the portal. */
  KEYPORT_LIMIT_REGISTER_PER_OWNER: rateLimit("20/1h"),
  /** Automation API (/api/v1) requests per calling application. */
  KEYPORT_LIMIT_API_PER_APP: rateLimit("600/1m"),
  /** Bearer token for GET /metrics from other machines (loopback clients need none). */
  KEYPORT_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (openssl rand -base64 24)").optional(),
  /**
   * private_key_jwt jwks_uri: also fetch from private, loopback and link-local addresses, and
   * accept http:// for loopback hosts (development and tests only: it opens an SSRF path).
   */
  KEYPORT_JWKS_URI_ALLOW_PRIVATE: flag,
  /** Seconds between two fetches of one application's jwks_uri caused by an unknown kid. */
  KEYPORT_JWKS_URI_COOLDOWN: z.coerce.number().int().min(1).max(3600).default(30),
  /**
   * DPoP server nonces (RFC 9449 §8): "on" makes every DPoP proof at the token endpoint carry a
   * recent nonce from the DPoP-Nonce header (use_dpop_nonce otherwise). Off by default: it costs
   * clients a round trip, and iat + single-use jti already bound a proof's use.
   */
  KEYPORT_DPOP_NONCE: z.enum(["off", "on"]).default("off"),
  /**
   * Vendor profiles (lib/oauth/profiles): comma-separated names of extra token paths with their own
   * request and response dialect, e.g. "ciam,vision10,access-analyzer". Default: none.
   */
  KEYPORT_PROFILES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const names = (v ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
      for (const n of names) {
        if (!PROFILE_NAMES.includes(n as ProfileName)) {
          ctx.addIssue({ code: "custom", message: `unknown profile "${n}" (known: ${PROFILE_NAMES.join(", ")})` });
          return z.NEVER;
        }
      }
      return [...new Set(names)] as ProfileName[];
    }),
  /** Lifetime of every new client secret ("72h", "90d"); an app's own expiry policy overrides it. Default: none. */
  KEYPORT_SECRET_TTL: duration.optional(),
  /** When owners are reminded before a secret expires: comma-separated durations before expiry; "off": never. */
  KEYPORT_SECRET_REMINDERS: z
    .string()
    .default("7d,1d,1h")
    .transform((v, ctx) => {
      const out: number[] = [];
      if (v.trim().toLowerCase() === "off") return out;
      for (const part of v.split(",").map((s) => s.trim()).filter(Boolean)) {
        const seconds = positiveDuration(part);
        if (seconds === null) {
          ctx.addIssue({ code: "custom", message: `must be durations like "7d,1d,1h"; got "${part}"` });
          return z.NEVER;
        }
        out.push(seconds);
      }
      return [...new Set(out)].sort((a, b) => b - a);
    }),
  /** Seconds between two checks for due secret-expiry reminders (each instance; reminders are sent once). */
  KEYPORT_REMINDER_INTERVAL: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Request log (lib/request-log): entries kept per application per 5-second flush window; the rest is counted only. */
  KEYPORT_REQUEST_LOG_SAMPLE: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Request log: rows kept per application (the newest), besides the 7-day retention. */
  KEYPORT_REQUEST_LOG_MAX_PER_APP: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
});

export type RawEnv = z.infer<typeof schema>;

export interface KeyportConfig extends Omit<RawEnv, "KEYPORT_SECRET" | "AUTH_SECRET"> {
  embedded: boolean;
  /**
   * Keyport's external origin (scheme://host[:port][/path], no trailing slash): the `iss` of every
   * token, the base of the metadata documents, sign-in links and every email link. From
   * KEYPORT_ISSUER; embedded without it, http://localhost:PORT. Never from a request header.
   * Read it through lib/config/public-origin.ts.
   */
  publicOrigin: string;
  /** True when publicOrigin is the embedded default (no KEYPORT_ISSUER). */
  publicOriginIsDefault: boolean;
  /** Mail goes to the development outbox (no SMTP_URL). */
  devOutbox: boolean;
  dataDir: string;
  /** Root secret: HMAC pepper for client secrets, and the source of every derived key. */
  secret: Buffer;
  /** Secret for Auth.js session/cookie signing (derived from KEYPORT_SECRET unless AUTH_SECRET is set). */
  authSecret: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`).join("\n");
}

/** Derive a purpose-bound subkey of the root secret (HKDF-SHA-256). */
export function deriveKey(root: Buffer, purpose: string, length = 32): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", root, Buffer.alloc(0), `keyport:${purpose}`, length));
}

/**
 * Embedded mode keeps its root secret in <dataDir>/secret, generated on first start (mode 0600),
 * so `npm start` works on a bare machine and restarts keep every credential valid.
 */
function loadOrCreateEmbeddedSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, "secret");
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    return Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64url");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const secret = crypto.randomBytes(48);
  try {
    fs.writeFileSync(file, secret.toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  } catch (err) {
    // Another process won the race: use its secret.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      return Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64url");
    }
    throw err;
  }
}

export function parseConfig(env: NodeJS.ProcessEnv): KeyportConfig {
  // An empty variable (`KEYPORT_ISSUER=`) means unset, as most process managers write it.
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    throw new ConfigError(`Invalid Keyport configuration:\n${formatIssues(parsed.error)}\nSee .env.example.`);
  }
  const raw = parsed.data;
  const embedded = !raw.DATABASE_URL;
  const dataDir = path.resolve(raw.KEYPORT_DATA_DIR);
  let secret: Buffer;
  if (raw.KEYPORT_SECRET) {
    secret = Buffer.from(raw.KEYPORT_SECRET, "utf8");
  } else if (embedded) {
    secret = loadOrCreateEmbeddedSecret(dataDir);
  } else {
    throw new ConfigError(
      "Invalid Keyport configuration:\n  KEYPORT_SECRET: required when DATABASE_URL is set " +
        "(every instance must share it; generate one with: openssl rand -base64 48)",
    );
  }
  if (!embedded && !raw.KEYPORT_ISSUER) {
    throw new ConfigError(
      "Invalid Keyport configuration:\n  KEYPORT_ISSUER: required when DATABASE_URL is set — the public URL clients and " +
        "browsers use (e.g. https://auth.example.com). Keyport never derives it from request headers.",
    );
  }
  if (!embedded && !raw.SMTP_URL && !raw.KEYPORT_DEV_OUTBOX) {
    throw new ConfigError(
      "Invalid Keyport configuration:\n  SMTP_URL: required when DATABASE_URL is set (sign-in links must reach their " +
        "owners' inboxes). To keep mail in the development outbox anyway, set KEYPORT_DEV_OUTBOX=1.",
    );
  }
  const { KEYPORT_SECRET: _s, AUTH_SECRET, ...rest } = raw;
  return {
    ...rest,
    embedded,
    ...publicOriginOf(raw),
    devOutbox: !raw.SMTP_URL,
    dataDir,
    secret,
    authSecret: AUTH_SECRET ?? deriveKey(secret, "auth-secret").toString("base64url"),
  };
}

const CONFIG = Symbol.for("keyport.config");
type Holder = { [CONFIG]?: KeyportConfig };

/** The process-wide configuration, parsed on first use. */
export function getConfig(): KeyportConfig {
  const g = globalThis as Holder;
  return (g[CONFIG] ??= parseConfig(process.env));
}

/** Tests and the CLI may replace the configuration before anything else uses it. */
export function setConfig(config: KeyportConfig): void {
  (globalThis as Holder)[CONFIG] = config;
}

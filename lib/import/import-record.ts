// One record of an import file (`keyport apps import`, the admin console's import page): the same
// column names in JSON Lines and CSV, validated with zod. Catalog and duplicate checks need the
// database and happen in lib/import/plan-import.ts.
import { z } from "zod";
import { appDescriptionSchema, appNameSchema, audienceSchema, emailSchema, scopeListSchema } from "../apps/app-schemas";

/** The fields a record may have, in the order the docs and the CSV header list them. */
export const IMPORT_FIELDS = ["name", "owner", "scopes", "audiences", "token_ttl", "description", "client_id", "client_secret"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** client_id of another service: 1–100 characters of the RFC 3986 unreserved set. */
export const IMPORT_CLIENT_ID = /^[A-Za-z0-9._~-]{1,100}$/;
/** Shorter secrets are refused: too weak to carry over (rotate them first, or let Keyport generate one). */
export const MIN_IMPORT_SECRET_LENGTH = 8;
export const MAX_IMPORT_SECRET_LENGTH = 512;

/** Controls (C0, DEL, C1): never part of a secret a client can send in a form or Basic header. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** An array of strings, or one space-separated string (CSV cells, and the short form in JSON). */
const spaceList = z
  .union([z.array(z.string({ error: "must be strings" })), z.string()], { error: "must be an array of strings or a space-separated string" })
  .transform((v) => (typeof v === "string" ? v.split(/\s+/).filter(Boolean) : v));

/** A number in JSON, digits in CSV. */
const seconds = z
  .union([z.number(), z.string().trim().regex(/^\d{1,9}$/, "must be a whole number of seconds").transform(Number)], {
    error: "must be a whole number of seconds",
  })
  .pipe(z.number().int("must be a whole number of seconds").min(60, "must be at least 60 seconds").max(86_400, "must be at most 86400 seconds (24 h)"));

export const importRecordSchema = z.strictObject(
  {
    name: appNameSchema,
    owner: emailSchema,
    scopes: spaceList.pipe(scopeListSchema),
    audiences: spaceList
      .pipe(z.array(audienceSchema).min(1, "give at least one audience, or leave the field out for the default").max(20, "at most 20 audiences"))
      .transform((a) => [...new Set(a)])
      .optional(),
    token_ttl: seconds.optional(),
    description: appDescriptionSchema,
    client_id: z.string({ error: "must be a string" }).regex(IMPORT_CLIENT_ID, "must be 1–100 characters of A–Z a–z 0–9 . _ ~ -").optional(),
    client_secret: z
      .string({ error: "must be a string" })
      .min(MIN_IMPORT_SECRET_LENGTH, `must be at least ${MIN_IMPORT_SECRET_LENGTH} characters (leave it out to have one generated)`)
      .max(MAX_IMPORT_SECRET_LENGTH, `must be at most ${MAX_IMPORT_SECRET_LENGTH} characters`)
      .refine((s) => !CONTROL.test(s), "must not contain control characters")
      .refine((s) => s.trim() === s, "must not start or end with whitespace")
      .optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (known: ${IMPORT_FIELDS.join(", ")})` : undefined) },
);

/** A valid record, normalised: lists split, email lower-cased, absent optionals as null. */
export interface ImportRecord {
  /** Where it starts in the file (1-based). */
  line: number;
  name: string;
  owner: string;
  scopes: string[];
  /** null: the catalog's default audience. */
  audiences: string[] | null;
  /** Seconds; null: the deployment's default (KEYPORT_TOKEN_TTL). */
  tokenTtl: number | null;
  description: string;
  /** null: Keyport generates one. */
  clientId: string | null;
  /** Plaintext, kept in memory only until it is hashed; null: Keyport generates one. */
  clientSecret: string | null;
}

/** A problem with one line of the file (line 0: the file as a whole). */
export interface ImportIssue {
  line: number;
  /** The field it is about, when it is about one. */
  field?: string;
  message: string;
}

/**
 * Validate one raw record (an object from a JSON line, or a CSV row keyed by the header). Null
 * and empty-string values of optional fields count as absent.
 */
export function validateImportRecord(line: number, raw: Record<string, unknown>): { record: ImportRecord } | { issues: ImportIssue[] } {
  const cleaned: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== null && v !== "") cleaned[k] = v;
  const r = importRecordSchema.safeParse(cleaned);
  if (!r.success) {
    return {
      issues: r.error.issues.map((i) => {
        const field = i.path.length ? String(i.path[0]) : undefined;
        if (!field) return { line, message: i.message };
        const message = cleaned[field] === undefined ? "is required" : i.message;
        return { line, field, message: `${field}: ${message}` };
      }),
    };
  }
  const v = r.data;
  return {
    record: {
      line,
      name: v.name,
      owner: v.owner,
      scopes: v.scopes,
      audiences: v.audiences ?? null,
      tokenTtl: v.token_ttl ?? null,
      description: v.description,
      clientId: v.client_id ?? null,
      clientSecret: v.client_secret ?? null,
    },
  };
}

// Input schemas shared by the portal, the admin console and the CLI.
import { z } from "zod";

/** RFC 6749 §3.3 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ). */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export const INVISIBLE_CHARACTERS_MESSAGE = "Remove invisible or direction-changing characters";

/**
 * C0 and C1 control characters, and the Unicode bidirectional formatting characters (UAX #9 §2):
 * embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E/U+200F and
 * U+061C. A right-to-left override makes "evil" read as "live" to the admin reviewing a name
 * (the "Trojan Source" trick, CVE-2021-42574); controls break logs, CSV exports and mail headers.
 */
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** The same, except line breaks and tabs: for multi-line fields (the app description's textarea). */
const INVISIBLE_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * The one refinement every human-readable name and description goes through, in the portal, the
 * admin console and the CLI alike. `multiline` allows \n, \r and \t — only where a textarea already
 * accepted them (app descriptions); single-line inputs refuse them too.
 */
export function visibleText<S extends z.ZodString>(schema: S, { multiline = false }: { multiline?: boolean } = {}): S {
  const pattern = multiline ? INVISIBLE_EXCEPT_LINE_BREAKS : INVISIBLE;
  return schema.refine((v) => !pattern.test(v), INVISIBLE_CHARACTERS_MESSAGE);
}

export const appNameSchema = visibleText(z.string().trim().min(1, "Name is required").max(80, "At most 80 characters"));
export const appDescriptionSchema = visibleText(z.string().trim().max(500, "At most 500 characters"), { multiline: true }).default("");
export const scopeNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(SCOPE_TOKEN, "Scopes contain no spaces, quotes or backslashes");
export const scopeListSchema = z
  .array(scopeNameSchema)
  .min(1, "Choose at least one scope")
  .max(50)
  .transform((s) => [...new Set(s)]);
export const audienceSchema = z.string().trim().min(1).max(500);
export const emailSchema = z.email("Enter a valid email address").trim().toLowerCase();
export const appIdSchema = z.string().trim().min(1).max(100);

/** Grace periods an owner or admin may choose when rotating a secret. */
export const GRACE_PERIODS = { now: 0, "1h": 3600, "24h": 86_400, "7d": 604_800 } as const;
export type GracePeriod = keyof typeof GRACE_PERIODS;

/** "90s", "15m", "1h", "24h", "7d", "0" → seconds. */
export { parseDuration } from "../config/duration";

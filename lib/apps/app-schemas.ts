// Input schemas shared by the portal, the admin console and the CLI.
import { z } from "zod";

/** RFC 6749 §3.3 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ). */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export const appNameSchema = z.string().trim().min(1, "Name is required").max(80, "At most 80 characters");
export const appDescriptionSchema = z.string().trim().max(500, "At most 500 characters").default("");
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
export function parseDuration(input: string): number | null {
  const m = /^\s*(\d+)\s*([smhd]?)\s*$/.exec(input);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return n * unit;
}

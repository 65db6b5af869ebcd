// How long a new client secret lives. Two levels, the app's wins:
//   1. the application's own expiry policy (Application.secretTtlSeconds), set by an admin;
//   2. the deployment default, KEYPORT_SECRET_TTL (lib/config/env.ts).
// Application.secretTtlSeconds: null = no policy of its own (the deployment default applies),
// SECRET_NEVER_EXPIRES (0) = this app's secrets never expire whatever the default, n = n seconds.
// Existing secrets keep the expiry they were issued with: a policy change never cuts off a
// running client by surprise.
import { z } from "zod";
import { parseDuration } from "../config/duration";

/** Shortest and longest secret lifetimes an admin may impose on one application. */
export const SECRET_TTL_MIN_S = 3600;
export const SECRET_TTL_MAX_S = 5 * 365 * 86_400;
/** Application.secretTtlSeconds value meaning "never expires", overriding the deployment default. */
export const SECRET_NEVER_EXPIRES = 0;

/** An application's expiry policy: null (deployment default), 0 (never) or 1 hour … 5 years. */
export const secretTtlSchema = z.union([
  z.literal(SECRET_NEVER_EXPIRES),
  z.number().int("Whole seconds").min(SECRET_TTL_MIN_S, "At least 1 hour").max(SECRET_TTL_MAX_S, "At most 5 years"),
  z.null(),
]);
export type SecretTtlPolicy = z.infer<typeof secretTtlSchema>;

/** The lifetime in seconds of a secret issued now (null: it does not expire). */
export function effectiveSecretTtl(appPolicy: number | null | undefined, deploymentDefault: number | null | undefined): number | null {
  if (appPolicy === SECRET_NEVER_EXPIRES) return null;
  if (appPolicy) return appPolicy;
  return deploymentDefault || null;
}

/**
 * A policy as people write it (CLI --secret-ttl, the admin form): "90d", "72h", "3600" → seconds;
 * "none" / "never" → never expires; "default" (or empty) → the deployment default.
 * Returns undefined when it cannot be read; range checks are secretTtlSchema's.
 */
export function parseSecretTtlPolicy(text: string): SecretTtlPolicy | number | undefined {
  const v = text.trim().toLowerCase();
  if (v === "" || v === "default") return null;
  if (v === "none" || v === "never") return SECRET_NEVER_EXPIRES;
  const seconds = parseDuration(v);
  // "0" would read as "never" by accident: say "none" for that.
  return seconds === null || seconds === 0 ? undefined : seconds;
}

/** "90d", "72h" or seconds: the shortest exact way to write a duration. */
export function formatDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** "90 days", "1 hour", "45 minutes", "10 seconds". */
export function describeDuration(seconds: number): string {
  const [n, unit] =
    seconds % 86_400 === 0 ? [seconds / 86_400, "day"] : seconds % 3600 === 0 ? [seconds / 3600, "hour"] : seconds % 60 === 0 ? [seconds / 60, "minute"] : [seconds, "second"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** What an app's policy means in words, e.g. "New secrets expire 90 days after issue (deployment default)." */
export function describeSecretPolicy(appPolicy: number | null, deploymentDefault: number | null | undefined): string {
  const ttl = effectiveSecretTtl(appPolicy, deploymentDefault);
  const source = appPolicy === null ? (deploymentDefault ? " (deployment default)" : "") : " (this application's policy)";
  return ttl === null ? `New secrets do not expire${source}.` : `New secrets expire ${describeDuration(ttl)} after issue${source}.`;
}

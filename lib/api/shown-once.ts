// A secret is shown once (STYLE §9): the answer that created it is the only place it appears.
// An Idempotency-Key replay (lib/api/idempotency.ts) repeats an answer — so the copy stored for
// replay has every shown-once member set to null, and says so in `secret_shown_once`. A client
// that lost the first answer rotates the secret (POST …/secrets/rotate) instead.

/** `body` with each of `members` (top level) set to null when present and non-null. */
export function withoutShownOnce(body: unknown, members: readonly string[]): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  let redacted = false;
  for (const m of members) {
    if (out[m] !== undefined && out[m] !== null) {
      out[m] = null;
      redacted = true;
    }
  }
  if (redacted && "secret_shown_once" in out) out.secret_shown_once = false;
  return out;
}

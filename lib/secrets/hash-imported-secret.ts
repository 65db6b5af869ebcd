// How an imported client secret is stored (never in plaintext): a secret of 32 characters or more
// gets the usual keyed digest, HMAC-SHA-256(pepper, secret), like Keyport's own; a shorter one is
// too weak for a fast digest to protect against offline guessing and gets the slow hash
// (lib/crypto/slow-hash.ts) of that same keyed digest — so the database alone, without
// KEYPORT_SECRET, gives an attacker nothing to guess against either way.
import { digestSecret } from "../crypto/credentials";
import { slowHash } from "../crypto/slow-hash";

/** Secrets shorter than this (in characters) are stored with the slow hash. */
export const SLOW_HASH_BELOW_LENGTH = 32;

export type SecretHashKind = "hmac" | "scrypt";

export function hashKindFor(secret: string): SecretHashKind {
  return [...secret].length < SLOW_HASH_BELOW_LENGTH ? "scrypt" : "hmac";
}

/**
 * The stored hint of an imported secret. Keyport's own hint is the last 4 characters of a 256-bit
 * secret; of an 8-character secret that would be half of it. So: 4 characters from 32 up, 2 from
 * 16 up, none below.
 */
export function importedSecretHint(secret: string): string {
  const chars = [...secret];
  const n = chars.length >= SLOW_HASH_BELOW_LENGTH ? 4 : chars.length >= 16 ? 2 : 0;
  return n ? chars.slice(-n).join("") : "";
}

/** The ClientSecret row's `digest` and `hashKind` for `secret`. */
export async function hashImportedSecret(pepper: Buffer, secret: string): Promise<{ digest: string; hashKind: SecretHashKind }> {
  const keyed = digestSecret(pepper, secret);
  if (hashKindFor(secret) === "hmac") return { digest: keyed.toString("hex"), hashKind: "hmac" };
  return { digest: await slowHash(keyed), hashKind: "scrypt" };
}

// Client credentials: generation, keyed digest and constant-time verification.
// High-entropy random secrets need no slow password hash (a 256-bit secret cannot be
// brute-forced), so an HMAC keyed with a server pepper is enough and keeps the token path fast.
import crypto from "node:crypto";

/** Recognisable prefixes so secret scanners (and people) can tell what leaked. */
export const CLIENT_ID_PREFIX = "kp_";
export const CLIENT_SECRET_PREFIX = "kps_";

/**
 * The longest client_id Keyport accepts. Its own are 25 characters; 128 leaves room for ids
 * imported from elsewhere while keeping an attacker's random ids from costing memory or queries.
 */
export const MAX_CLIENT_ID_LENGTH = 128;

/**
 * C0 controls (NUL included), DEL and C1 controls — never part of an identifier — and lone
 * surrogates (what a JSON "\ud800" escape decodes to: not a character at all).
 */
const NOT_AN_ID_CHARACTER = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Could `clientId` be a client_id at all: 1–128 characters, no control characters, no lone
 * surrogates? Anything else is refused before any cache or database work (PostgreSQL rejects NUL
 * in text outright). Invalid UTF-8 has already become U+FFFD when the body was decoded.
 */
export function isWellFormedClientId(clientId: string): boolean {
  return clientId.length > 0 && clientId.length <= MAX_CLIENT_ID_LENGTH && !NOT_AN_ID_CHARACTER.test(clientId);
}

/** 128 bits of randomness, URL-safe. */
export function generateClientId(): string {
  return CLIENT_ID_PREFIX + crypto.randomBytes(16).toString("base64url");
}

/** 256 bits of randomness, URL-safe. */
export function generateClientSecret(): string {
  return CLIENT_SECRET_PREFIX + crypto.randomBytes(32).toString("base64url");
}

/** The last 4 characters: tells secrets apart in a list, useless to an attacker. */
export function secretHint(secret: string): string {
  return secret.slice(-4);
}

/** HMAC-SHA-256(pepper, secret) as a Buffer. */
export function digestSecret(pepper: Buffer, secret: string): Buffer {
  return crypto.createHmac("sha256", pepper).update(secret, "utf8").digest();
}

export function digestSecretHex(pepper: Buffer, secret: string): string {
  return digestSecret(pepper, secret).toString("hex");
}

/**
 * Does `presented` (a digest) match any of `candidates`? Every candidate is compared in
 * constant time and the loop never exits early, so the time taken does not depend on which
 * candidate matched. Callers pass a dummy candidate for unknown clients (see authenticate-client).
 */
export function matchDigest(presented: Buffer, candidates: readonly Buffer[]): number {
  let found = -1;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (c.length === presented.length && crypto.timingSafeEqual(c, presented) && found < 0) found = i;
  }
  return found;
}

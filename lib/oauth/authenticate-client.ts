// Verify a presented client secret against the cached client: keyed digest, constant-time
// comparison, and the same work for an unknown client_id as for a wrong secret.
import crypto from "node:crypto";
import { digestSecret, matchDigest } from "../crypto/credentials";
import type { CachedClient, ClientCache } from "../cache/client-cache";
import { invalidClient } from "./errors";
import { refuseUnusableClient } from "./client-auth/refuse-unusable-client";
import { processSlowSecretVerifier, type SlowSecretVerifier } from "./slow-secret-verifier";

/** Compared against when the client is unknown, so the time taken does not tell. */
const DUMMY_DIGEST = crypto.randomBytes(32);

/** The secret alone (client_secret_basic / client_secret_post verify with it). */
export async function verifyClientSecret(
  cache: ClientCache,
  pepper: Buffer,
  creds: { clientId: string; clientSecret: string },
  now = Date.now(),
  slow: SlowSecretVerifier = processSlowSecretVerifier,
): Promise<CachedClient> {
  const presented = digestSecret(pepper, creds.clientSecret);
  const client = cache.getFresh(creds.clientId) ?? (await cache.get(creds.clientId));
  const candidates: Buffer[] = [];
  if (client) {
    for (const s of client.secrets) {
      if (s.expiresAt === null || s.expiresAt > now) candidates.push(s.digest);
    }
  }
  if (candidates.length === 0) candidates.push(DUMMY_DIGEST);
  const matched = matchDigest(presented, candidates) >= 0 && client !== null;
  if (!client) throw invalidClient();
  // Only when no digest matched: a short imported secret stored with scrypt (its cached digest is
  // empty, so it never matches above). Normal clients never get here with the right secret.
  if (!matched && !(await slow.verify(client, presented, now))) throw invalidClient();
  return client;
}

/** Secret and status: what the token path sees for a secret-authenticated client. */
export async function authenticateClient(
  cache: ClientCache,
  pepper: Buffer,
  creds: { method?: string; clientId: string; clientSecret: string },
  now = Date.now(),
): Promise<CachedClient> {
  const client = await verifyClientSecret(cache, pepper, creds, now);
  refuseUnusableClient(client);
  return client;
}

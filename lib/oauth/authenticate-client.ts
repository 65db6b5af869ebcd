// Verify presented client credentials against the cached client: keyed digest, constant-time
// comparison, and the same work for an unknown client_id as for a wrong secret.
import crypto from "node:crypto";
import { digestSecret, matchDigest } from "../crypto/credentials";
import type { CachedClient, ClientCache } from "../cache/client-cache";
import { invalidClient } from "./errors";
import type { PresentedCredentials } from "./client-credentials";

/** Compared against when the client is unknown, so the time taken does not tell. */
const DUMMY_DIGEST = crypto.randomBytes(32);

export async function authenticateClient(
  cache: ClientCache,
  pepper: Buffer,
  creds: PresentedCredentials,
  now = Date.now(),
): Promise<CachedClient> {
  const presented = digestSecret(pepper, creds.clientSecret);
  const client = await cache.get(creds.clientId);
  const candidates: Buffer[] = [];
  if (client) {
    for (const s of client.secrets) {
      if (s.expiresAt === null || s.expiresAt > now) candidates.push(s.digest);
    }
  }
  if (candidates.length === 0) candidates.push(DUMMY_DIGEST);
  const matched = matchDigest(presented, candidates) >= 0 && client !== null;
  if (!client || !matched) throw invalidClient();
  // Only a client that proved its secret learns why it is refused.
  if (client.status === "disabled") throw invalidClient("the application is disabled");
  if (client.status === "pending") throw invalidClient("the application is pending approval");
  return client;
}

// The lean read path behind the client cache: one raw SQL statement per lookup (or per page of a
// warm-up) instead of Prisma's nested select, which costs two round trips and an engine pass per
// miss. Returns exactly what the token path needs (lib/cache/client-cache.ts CachedClient).
import type { SqlSession } from "../db/database";

/** What one row of the statements below holds (node-postgres and PGlite both parse json and text[]). */
export interface ClientRow {
  id: string;
  clientId: string;
  status: string;
  scopes: string[];
  audiences: string[];
  grantTypes: string[];
  tokenLifetime: number;
  /**
   * Secrets not revoked and not yet expired: `d` hex digest (hmac) or the encoded slow hash
   * (scrypt), `e` expiry in ms since epoch or null, `k` the hash kind, `i` the secret's id.
   */
  secrets: Array<{ d: string; e: number | null; k: "hmac" | "scrypt"; i: string }>;
  /** client_secret | private_key_jwt (RFC 7523 §2.2). */
  authMethod: string;
  jwksUri: string | null;
  requireDpop: boolean;
  /** private_key_jwt inline public keys: `k` kid, `a` alg, `t` RFC 7638 thumbprint, `j` the JWK. */
  keys: Array<{ k: string | null; a: string | null; t: string; j: Record<string, unknown> }>;
  refreshTokens: boolean;
  refreshTokenLifetime: number;
  /** The owning team: `i` id, `s` slug, `n` name (a token request's `organization`, org_id / org_name). */
  team: { i: string; s: string; n: string };
}

// Revoked secrets are never loaded; expired ones are useless to an entry that lives minutes.
// `expiresAt` is timestamp(3) without time zone holding UTC (Prisma's DateTime), so
// extract(epoch …) is the UTC instant.
const SELECT_CLIENT = `
  SELECT a.id, a."clientId", a.status::text AS status, a.scopes, a.audiences, a."grantTypes", a."tokenLifetime",
         COALESCE((
           SELECT json_agg(json_build_object('d', s.digest, 'e', floor(extract(epoch FROM s."expiresAt") * 1000), 'k', s."hashKind", 'i', s.id))
             FROM "ClientSecret" s
            WHERE s."applicationId" = a.id AND s."revokedAt" IS NULL
              AND (s."expiresAt" IS NULL OR s."expiresAt" > now() AT TIME ZONE 'UTC')
         ), '[]'::json) AS secrets,
         a."authMethod"::text AS "authMethod", a."jwksUri", a."requireDpop", a."refreshTokens", a."refreshTokenLifetime",
         (SELECT json_build_object('i', t.id, 's', t.slug, 'n', t.name) FROM "Team" t WHERE t.id = a."teamId") AS team,
         -- Keys only for private_key_jwt apps: a client-secret app costs no index probe.
         CASE WHEN a."authMethod" = 'private_key_jwt' THEN COALESCE((
           SELECT json_agg(json_build_object('k', k.kid, 'a', k.alg, 't', k.thumbprint, 'j', k.jwk) ORDER BY k."createdAt")
             FROM "ClientKey" k
            WHERE k."applicationId" = a.id
         ), '[]'::json) ELSE '[]'::json END AS keys
    FROM "Application" a`;

/** The one row for `clientId`, or null when there is no such client. */
export async function loadClientRow(db: SqlSession, clientId: string): Promise<ClientRow | null> {
  const rows = await db.query<ClientRow>(`${SELECT_CLIENT} WHERE a."clientId" = $1`, [clientId]);
  return rows[0] ?? null;
}

/** Rows for a page of application ids (warm-up). */
export function loadClientRowsByAppIds(db: SqlSession, appIds: readonly string[]): Promise<ClientRow[]> {
  return db.query<ClientRow>(`${SELECT_CLIENT} WHERE a.id = ANY($1::text[])`, [appIds]);
}

/**
 * Ids of active applications, most recently used first (the usage flush keeps lastTokenAt), at
 * most `limit`: when there are more than the cache holds, the busiest are the ones worth warming.
 */
export async function listActiveAppIds(db: SqlSession, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM "Application" WHERE status = 'active' ORDER BY "lastTokenAt" DESC NULLS LAST, id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

// Introspection of a refresh token (RFC 7662 §2.2). Only the client it was issued to learns
// anything about it (§2.1, §4): refresh tokens are for the client alone, no resource server ever
// receives one, so the audience introspectors of access tokens do not apply. Active means: ours,
// this caller's, not expired, refresh tokens still on for the client, not yet used (rotation makes
// a used token worthless), family not revoked.
import type { CachedClient } from "../../cache/client-cache";
import type { SqlSession } from "../../db/database";
import { readRefreshTokenState } from "./read-refresh-token-state";
import { refreshTokenDigest, type RefreshTokenCodec } from "./refresh-token-codec";

/**
 * token_type of an active refresh token. RFC 7662 §2.2 defines token_type by RFC 6749 §5.1's access
 * token types, which do not describe a refresh token; "refresh_token" — its name in the OAuth Token
 * Type Hints registry (RFC 7009 §4.1.2) — is what oidc-provider reports, and tells the caller what
 * it holds.
 */
export const REFRESH_TOKEN_TYPE = "refresh_token";

/** The response members of an active token, or null: answer {"active": false}. */
export async function introspectRefreshToken(
  deps: { db: SqlSession; codec: RefreshTokenCodec; issuer: string },
  caller: Pick<CachedClient, "appId" | "clientId" | "refreshTokens" | "status">,
  token: string,
): Promise<Record<string, unknown> | null> {
  const claims = deps.codec.open(token);
  if (!claims || claims.clientId !== caller.clientId || claims.appId !== caller.appId) return null;
  if (!caller.refreshTokens || caller.status !== "active") return null;
  if (claims.exp <= Math.floor(Date.now() / 1000)) return null;
  const state = await readRefreshTokenState(deps.db, { digest: refreshTokenDigest(token), familyId: claims.familyId });
  if (state.used || state.revoked) return null;
  return {
    active: true,
    client_id: claims.clientId,
    scope: claims.scope,
    aud: claims.aud,
    iss: deps.issuer,
    sub: claims.clientId,
    exp: claims.exp,
    iat: claims.iat,
    token_type: REFRESH_TOKEN_TYPE,
  };
}

// Verify one of our own access tokens: signature by a key in our JWKS with that key's algorithm
// pinned, typ at+jwt (RFC 9068 §4), our issuer, not expired. Returns null for anything else.
import { jwtVerify, errors as joseErrors, type JWTPayload } from "jose";
import type { KeyStore } from "../keys/key-store";

export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  scope?: string;
  /** Confirmation of a sender-constrained token (RFC 7800 §3.1; RFC 9449 §6.1 cnf.jkt). */
  cnf?: Record<string, string>;
}

export async function verifyAccessToken(
  keys: KeyStore,
  token: string,
  issuer: string,
): Promise<AccessTokenClaims | null> {
  if (token.length > 8192 || token.split(".").length !== 3) return null;
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const entry = header.kid ? await keys.publicKey(header.kid) : undefined;
        if (!entry || entry.alg !== header.alg) throw new joseErrors.JWKSNoMatchingKey();
        return entry.key;
      },
      {
        issuer,
        typ: "at+jwt",
        requiredClaims: ["sub", "aud", "exp", "iat", "jti", "client_id"],
      },
    );
    if (typeof payload.client_id !== "string" || typeof payload.jti !== "string") return null;
    if (payload.cnf !== undefined && (typeof payload.cnf !== "object" || payload.cnf === null || Array.isArray(payload.cnf))) return null;
    return payload as AccessTokenClaims;
  } catch {
    return null;
  }
}

// Refresh tokens for client credentials (opt-in per application; RFC 6749 §4.4.3 says SHOULD NOT,
// so it is off by default). A refresh token is self-contained and opaque, so issuing one writes
// nothing: the client-credentials path stays free of synchronous database work.
//
//   krt_ + base64url( version(1) ‖ salt(32 random bytes) ‖ AES-256-GCM(claims) ‖ tag(16) )
//
// - The 256 random bits of `salt` make every token unguessable on their own (RFC 6749 §10.10,
//   RFC 9700 §4.14), whatever the claims.
// - The AES key of each token is HMAC-SHA-256(K, version ‖ salt), with K derived from
//   KEYPORT_SECRET for this purpose only (HKDF, lib/config/env.ts deriveKey). A key is used for one
//   message, so the fixed all-zero GCM nonce is never repeated under a key — unlike random 96-bit
//   nonces under one key, whose collision bound (NIST SP 800-38D §8.3: 2^32 messages) a busy
//   deployment could approach.
// - The header byte is authenticated (GCM AAD), and only the canonical base64url spelling of a
//   token is accepted: single use (lib/oauth/refresh/claim-refresh-token.ts) is keyed on
//   SHA-256(token), and a second spelling of the same bytes must not count as a second token.
import crypto from "node:crypto";
import { deriveKey } from "../../config/env";

export const REFRESH_TOKEN_PREFIX = "krt_";

/**
 * The longest a refresh token may live (seconds). A per-app lifetime above it is clamped; a
 * revoked family is remembered this long (lib/oauth/refresh/revoke-refresh-family.ts), so no token
 * of it can outlive the record of its revocation.
 */
export const MAX_REFRESH_TOKEN_LIFETIME_SECONDS = 365 * 86_400;
/** Application.refreshTokenLifetime's default: 24 hours. */
export const DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS = 86_400;

/** Anything longer is not one of ours (scopes and audiences are bounded well below this). */
const MAX_TOKEN_LENGTH = 4096;
const VERSION = 1;
const HEADER = Buffer.from([VERSION]);
const SALT_BYTES = 32;
const TAG_BYTES = 16;
const ZERO_IV = Buffer.alloc(12);
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** What a refresh token carries. Times are seconds since the epoch. */
export interface RefreshTokenClaims {
  /** The rotation chain (RFC 9700 §4.14.2): every token rotated from one grant shares it. */
  familyId: string;
  /** 0 for the token of the client-credentials grant, +1 per rotation. */
  generation: number;
  appId: string;
  clientId: string;
  /** The scope of the grant (RFC 6749 §6: a rotated token keeps it). */
  scope: string;
  /** The audience of the grant (RFC 8707). */
  aud: string | string[];
  iat: number;
  exp: number;
}

export interface NewRefreshToken {
  familyId: string;
  generation: number;
  appId: string;
  clientId: string;
  scope: string;
  aud: string | string[];
  /** Seconds (the application's refreshTokenLifetime); clamped to MAX_REFRESH_TOKEN_LIFETIME_SECONDS. */
  lifetime: number;
  /** Seconds since the epoch; default now. */
  now?: number;
}

export interface RefreshTokenCodec {
  /** A new sealed token. */
  issue(input: NewRefreshToken): string;
  /** The claims of one of our tokens, or null for anything else (never throws). */
  open(token: string): RefreshTokenClaims | null;
}

/** Does `token` look like one of our refresh tokens (cheap, no cryptography)? */
export function isRefreshTokenFormat(token: string): boolean {
  return token.startsWith(REFRESH_TOKEN_PREFIX);
}

/** SHA-256 of the token, base64url: what RefreshTokenUse stores (never the token itself). */
export function refreshTokenDigest(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("base64url");
}

/** A new family id: 128 random bits. */
export function newRefreshFamilyId(): string {
  return crypto.randomBytes(16).toString("base64url");
}

export function createRefreshTokenCodec(root: Buffer): RefreshTokenCodec {
  const master = deriveKey(root, "refresh-token");
  const tokenKey = (salt: Buffer) => crypto.createHmac("sha256", master).update(HEADER).update(salt).digest();

  return {
    issue(input) {
      const iat = input.now ?? Math.floor(Date.now() / 1000);
      const lifetime = Math.max(1, Math.min(Math.floor(input.lifetime), MAX_REFRESH_TOKEN_LIFETIME_SECONDS));
      const payload = JSON.stringify([input.familyId, input.generation, input.appId, input.clientId, input.scope, input.aud, iat, iat + lifetime]);
      const salt = crypto.randomBytes(SALT_BYTES);
      const cipher = crypto.createCipheriv("aes-256-gcm", tokenKey(salt), ZERO_IV);
      cipher.setAAD(HEADER);
      const ct = Buffer.concat([cipher.update(payload, "utf8"), cipher.final()]);
      return REFRESH_TOKEN_PREFIX + Buffer.concat([HEADER, salt, ct, cipher.getAuthTag()]).toString("base64url");
    },

    open(token) {
      if (!isRefreshTokenFormat(token) || token.length > MAX_TOKEN_LENGTH) return null;
      const body = token.slice(REFRESH_TOKEN_PREFIX.length);
      if (!BASE64URL.test(body)) return null;
      const raw = Buffer.from(body, "base64url");
      // Node ignores the unused low bits of the last character: only the canonical spelling counts.
      if (raw.toString("base64url") !== body) return null;
      if (raw.length < 1 + SALT_BYTES + 1 + TAG_BYTES || raw[0] !== VERSION) return null;
      const salt = raw.subarray(1, 1 + SALT_BYTES);
      const ct = raw.subarray(1 + SALT_BYTES, raw.length - TAG_BYTES);
      const tag = raw.subarray(raw.length - TAG_BYTES);
      let plaintext: string;
      try {
        const decipher = crypto.createDecipheriv("aes-256-gcm", tokenKey(salt), ZERO_IV);
        decipher.setAAD(HEADER);
        decipher.setAuthTag(tag);
        plaintext = Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
      } catch {
        return null; // forged, altered, or sealed under another KEYPORT_SECRET
      }
      return parseClaims(plaintext);
    },
  };
}

const codecs = new WeakMap<Buffer, RefreshTokenCodec>();

/** The codec for this root secret, derived once per process (the token path allocates nothing for it). */
export function refreshTokenCodec(root: Buffer): RefreshTokenCodec {
  let codec = codecs.get(root);
  if (!codec) {
    codec = createRefreshTokenCodec(root);
    codecs.set(root, codec);
  }
  return codec;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isTime = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Authenticated plaintext is ours, but stays checked: a shape we did not write is not a token. */
function parseClaims(plaintext: string): RefreshTokenClaims | null {
  let v: unknown;
  try {
    v = JSON.parse(plaintext);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== 8) return null;
  const [familyId, generation, appId, clientId, scope, aud, iat, exp] = v as unknown[];
  if (!isString(familyId) || !isString(appId) || !isString(clientId) || !isString(scope)) return null;
  if (!isTime(generation) || !isTime(iat) || !isTime(exp) || exp <= iat) return null;
  if (!(isString(aud) || (Array.isArray(aud) && aud.length > 0 && aud.every(isString)))) return null;
  return { familyId, generation, appId, clientId, scope, aud, iat, exp };
}

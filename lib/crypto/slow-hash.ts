// A slow, salted password hash for imported client secrets too short to be high-entropy (under 32
// characters): node's scrypt (RFC 7914), encoded as a PHC string with its parameters and salt,
//
//   $scrypt$ln=14,r=8,p=1$<salt, base64 without padding>$<hash, base64 without padding>
//
// so the parameters can be raised later without breaking stored hashes. Keyport's own secrets are
// 256-bit random and need none of this (lib/crypto/credentials.ts).
//
// Parameters: N = 2^14, r = 8, p = 1 (16 MiB, Percival's "interactive login" setting and node's
// default). Measured on this project's 2-core machine: 40 ms for one hash, 21 ms each when both
// cores are busy — 10,000 short secrets hash in about 3.5 minutes, and a token request's first
// check of such a secret costs 40 ms once per process (lib/oauth/slow-secret-verifier.ts).
// N = 2^12 would be 4× faster and 4× cheaper to attack; the callers hash HMAC(pepper, secret),
// so a stolen database alone cannot even be attacked offline without KEYPORT_SECRET.
import crypto from "node:crypto";

export const SLOW_HASH_PARAMS = { ln: 14, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = "$scrypt$";

/** Bounds on what a stored hash may ask for, so a corrupt row cannot cost a gigabyte. */
const MAX_LN = 20;
const MAX_R = 32;
const MAX_P = 16;

export interface SlowHashParams {
  /** log2 of N, the CPU/memory cost. */
  ln: number;
  r: number;
  p: number;
}

function scrypt(input: crypto.BinaryLike, salt: Buffer, params: SlowHashParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  // scrypt needs 128·N·r bytes (plus 128·r·p): allow exactly what these parameters need.
  const maxmem = 128 * N * params.r + 128 * params.r * params.p + 1024 * 1024;
  return new Promise((resolve, reject) =>
    crypto.scrypt(input, salt, KEY_BYTES, { N, r: params.r, p: params.p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");

/** Hash `input` with a fresh random salt; returns the encoded PHC string. */
export async function slowHash(input: crypto.BinaryLike, params: SlowHashParams = SLOW_HASH_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await scrypt(input, salt, params);
  return `${PREFIX}ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

interface Decoded {
  params: SlowHashParams;
  salt: Buffer;
  key: Buffer;
}

const ENCODED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,88})\$([A-Za-z0-9+/]{16,88})$/;

/** The parts of an encoded hash, or null when it is not one this module wrote. */
export function decodeSlowHash(encoded: string): Decoded | null {
  const m = ENCODED.exec(encoded);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 1 || params.ln > MAX_LN || params.r < 1 || params.r > MAX_R || params.p < 1 || params.p > MAX_P) return null;
  return { params, salt: Buffer.from(m[4]!, "base64"), key: Buffer.from(m[5]!, "base64") };
}

export function isSlowHash(encoded: string): boolean {
  return decodeSlowHash(encoded) !== null;
}

/** Does `input` hash to `encoded`? Constant-time comparison; false for a malformed encoding. */
export async function verifySlowHash(input: crypto.BinaryLike, encoded: string): Promise<boolean> {
  const decoded = decodeSlowHash(encoded);
  if (!decoded) return false;
  const key = await scrypt(input, decoded.salt, decoded.params);
  return key.length === decoded.key.length && crypto.timingSafeEqual(key, decoded.key);
}

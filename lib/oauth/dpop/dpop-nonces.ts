// Server-provided DPoP nonces (RFC 9449 §8): when enabled, a proof must carry a nonce the server
// handed out recently, which bounds how long a pre-generated proof is useful (§11.2).
//
// Stateless, so they work across instances without shared storage: a nonce is an HMAC of a time
// bucket under a key derived from the root secret (every instance of a deployment shares it).
// Validity is therefore a window, not a single use: the current bucket, the previous one (a nonce
// handed out just before a boundary), and the next one (another instance whose clock runs a little
// ahead). Single use is what the jti check is for.
import crypto from "node:crypto";

/** Length of one nonce bucket: a nonce stays valid for 1–2 periods (plus one of clock skew). */
export const DPOP_NONCE_PERIOD_SECONDS = 120;

/** A nonce is 43 base64url characters; anything else is not one of ours. */
const NONCE_LENGTH = 43;

export class DpopNonces {
  private readonly key: Buffer;
  private readonly periodMs: number;
  /** The last few buckets' nonces, so the hot path computes an HMAC once per period, not per request. */
  private readonly cache = new Map<number, Buffer>();

  /** `key`: a purpose-bound subkey (deriveKey(secret, "dpop-nonce") in lib/config/env.ts). */
  constructor(key: Buffer, periodSeconds = DPOP_NONCE_PERIOD_SECONDS) {
    this.key = key;
    this.periodMs = periodSeconds * 1000;
  }

  private nonceOf(bucket: number): Buffer {
    let n = this.cache.get(bucket);
    if (!n) {
      n = Buffer.from(crypto.createHmac("sha256", this.key).update(`dpop-nonce:${bucket}`).digest("base64url"));
      if (this.cache.size >= 8) this.cache.clear();
      this.cache.set(bucket, n);
    }
    return n;
  }

  /** The nonce to hand out now (the `DPoP-Nonce` response header). */
  current(nowMs = Date.now()): string {
    return this.nonceOf(Math.floor(nowMs / this.periodMs)).toString();
  }

  /** Whether `nonce` is one this deployment handed out recently. Constant-time per candidate. */
  isCurrent(nonce: string, nowMs = Date.now()): boolean {
    if (nonce.length !== NONCE_LENGTH) return false;
    const presented = Buffer.from(nonce);
    if (presented.length !== NONCE_LENGTH) return false; // non-ASCII
    const bucket = Math.floor(nowMs / this.periodMs);
    let ok = false;
    for (const b of [bucket - 1, bucket, bucket + 1]) {
      if (crypto.timingSafeEqual(presented, this.nonceOf(b))) ok = true;
    }
    return ok;
  }
}

import crypto from "node:crypto";

// Token ids come from a pooled buffer refilled 256 ids at a time: one randomFillSync call per 256
// tokens instead of one per token (a measurable cost on the token path).
const ID_BYTES = 16;
const pool = Buffer.alloc(ID_BYTES * 256);
let offset = pool.length;

/** 128 random bits, base64url (22 characters). */
export function randomTokenId(): string {
  if (offset >= pool.length) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString("base64url", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}

// Authenticated encryption at rest (AES-256-GCM) for private signing keys and queued mail.
// The key is derived from KEYPORT_SECRET per purpose, so one leaked derived key exposes one kind of
// data only. Format: v1.<iv>.<tag>.<ciphertext>, base64url parts.
import crypto from "node:crypto";
import { deriveKey } from "../config/env";

const VERSION = "v1";

export function seal(root: Buffer, purpose: string, plaintext: string | Buffer): string {
  const key = deriveKey(root, `seal:${purpose}`);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ct].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function open(root: Buffer, purpose: string, sealed: string): Buffer {
  const [version, iv, tag, ct] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error("sealed value has an unknown format");
  const key = deriveKey(root, `seal:${purpose}`);
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]);
  } catch {
    throw new Error(`cannot decrypt ${purpose}: was KEYPORT_SECRET changed?`);
  }
}

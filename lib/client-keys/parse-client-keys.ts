// What an owner pastes (a JWK, a JWKS, or PEM — an SPKI public key or a certificate) → validated
// public signing keys, each with its RFC 7638 thumbprint. Shared by the portal (preview and
// registration), the CLI (--jwks FILE) and the jwks_uri fetcher (which skips what it cannot use
// instead of refusing the whole set: a JWKS may also publish encryption keys, RFC 7517 §5).
import crypto from "node:crypto";
import { AppError } from "../errors/app-error";
import { MAX_CLIENT_KEYS, MAX_KEY_INPUT_BYTES, type RsaAlg } from "./client-key-algs";
import { validatePublicJwk, type ParsedClientKey } from "./validate-public-jwk";

export interface ParseClientKeysOptions {
  /** The alg of RSA keys that name none (a PEM never does). Default RS256. */
  rsaAlg?: RsaAlg;
  /** The form field the messages belong to. Default "keys". */
  field?: string;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

function invalid(field: string, message: string): AppError {
  return new AppError("invalid_input", message, { [field]: [message] });
}

/** Every PEM block of the text as a JWK (public keys and certificates only). */
function pemToJwks(text: string, field: string): unknown[] {
  const out: unknown[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    const label = m[1]!;
    if (/PRIVATE KEY/.test(label)) {
      throw invalid(field, "That is a private key. Paste the public key only (openssl pkey -in key.pem -pubout) — and treat this private key as exposed.");
    }
    let key: crypto.KeyObject;
    try {
      if (label === "PUBLIC KEY") key = crypto.createPublicKey({ key: m[0], format: "pem" });
      else if (label === "CERTIFICATE") key = new crypto.X509Certificate(m[0]).publicKey;
      else if (label === "RSA PUBLIC KEY") key = crypto.createPublicKey({ key: m[0], format: "pem", type: "pkcs1" });
      else throw invalid(field, `PEM "${label}" is not a public key; paste "-----BEGIN PUBLIC KEY-----" (SPKI)`);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw invalid(field, "The PEM block is not a readable public key.");
    }
    if (key.asymmetricKeyType === "rsa-pss") {
      throw invalid(field, "RSA-PSS-restricted PEM keys cannot be read; paste the key as a JWK with \"alg\": \"PS256\".");
    }
    try {
      out.push(key.export({ format: "jwk" }));
    } catch {
      throw invalid(field, `Keys of type ${key.asymmetricKeyType ?? "unknown"} are not supported; use RSA, EC P-256 or Ed25519.`);
    }
  }
  if (out.length === 0) throw invalid(field, "No PEM block found.");
  return out;
}

/** The JWKs a text holds, unvalidated: a JWKS's `keys`, one JWK, or PEM blocks. */
export function readJwkCandidates(text: string, field = "keys"): unknown[] {
  if (Buffer.byteLength(text, "utf8") > MAX_KEY_INPUT_BYTES) throw invalid(field, `That is more than ${MAX_KEY_INPUT_BYTES / 1024} KiB: paste public keys only.`);
  const trimmed = text.trim();
  if (!trimmed) throw invalid(field, "Paste a public key: a JWK, a JWKS or a PEM public key.");
  if (trimmed.startsWith("-----BEGIN")) return pemToJwks(trimmed, field);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw invalid(field, "Not a JWK, a JWKS or a PEM public key (the JSON does not parse).");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid(field, "A JWK or a JWKS is a JSON object.");
  const obj = parsed as Record<string, unknown>;
  if ("keys" in obj) {
    if (!Array.isArray(obj.keys)) throw invalid(field, 'A JWKS has a "keys" array (RFC 7517 §5).');
    return obj.keys;
  }
  return [obj];
}

/**
 * Parse and validate pasted keys. Throws AppError invalid_input (message on `field`) for the first
 * key that cannot be used, a key given twice, or two keys sharing a kid (RFC 7517 §4.5: within a
 * set, kids tell keys apart).
 */
export async function parseClientKeys(text: string, options: ParseClientKeysOptions = {}): Promise<ParsedClientKey[]> {
  const field = options.field ?? "keys";
  const candidates = readJwkCandidates(text, field);
  if (candidates.length === 0) throw invalid(field, "The JWKS has no keys.");
  if (candidates.length > MAX_CLIENT_KEYS) throw invalid(field, `At most ${MAX_CLIENT_KEYS} keys per application.`);
  const keys: ParsedClientKey[] = [];
  for (const [i, candidate] of candidates.entries()) {
    const r = await validatePublicJwk(candidate, { rsaAlg: options.rsaAlg });
    if (!r.ok) throw invalid(field, candidates.length > 1 ? `Key ${i + 1}: ${r.reason}.` : `${capitalize(r.reason)}.`);
    keys.push(r.key);
  }
  assertDistinct(keys, field);
  return keys;
}

/** No key twice, no kid shared by two keys (also across `existing`, the keys already registered). */
export function assertDistinct(keys: readonly Pick<ParsedClientKey, "kid" | "thumbprint">[], field = "keys", existing: readonly Pick<ParsedClientKey, "kid" | "thumbprint">[] = []): void {
  const thumbprints = new Set(existing.map((k) => k.thumbprint));
  const kids = new Set(existing.flatMap((k) => (k.kid ? [k.kid] : [])));
  for (const k of keys) {
    if (thumbprints.has(k.thumbprint)) throw new AppError("conflict", "That key is already registered.", { [field]: [`Key ${k.thumbprint} is already registered.`] });
    if (k.kid && kids.has(k.kid)) throw new AppError("conflict", "Two keys share a kid.", { [field]: [`kid "${k.kid}" is already used by another key.`] });
    thumbprints.add(k.thumbprint);
    if (k.kid) kids.add(k.kid);
  }
}

/**
 * A remote JWKS (jwks_uri): the usable signature keys, skipping the rest (encryption keys, other
 * curves…) — the document is the client's to publish, and one odd key must not lock it out.
 * Returns the skipped reasons for the log.
 */
export async function parseRemoteJwks(body: unknown): Promise<{ keys: ParsedClientKey[]; skipped: string[] }> {
  if (typeof body !== "object" || body === null || !Array.isArray((body as { keys?: unknown }).keys)) {
    throw new Error('not a JWKS (no "keys" array)');
  }
  const keys: ParsedClientKey[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const candidate of (body as { keys: unknown[] }).keys.slice(0, 50)) {
    const r = await validatePublicJwk(candidate);
    if (!r.ok) skipped.push(r.reason);
    else if (!seen.has(r.key.thumbprint)) {
      seen.add(r.key.thumbprint);
      keys.push(r.key);
    }
  }
  return { keys, skipped };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

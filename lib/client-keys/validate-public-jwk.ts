// One JWK a client registers (pasted, or published at its jwks_uri) → a validated public
// signing key: the members RFC 7638 hashes, its kid, the one alg it may sign with, its thumbprint.
// Anything that is not a public signature key of an allowed type is refused with a reason an
// owner can act on: private members (RFC 7517 §9.2 — the server must never hold them), symmetric
// keys (a MAC is a shared secret), RSA under 2048 bits (RFC 7518 §3.3), unsupported curves.
import crypto from "node:crypto";
import { calculateJwkThumbprint } from "jose";
import {
  algFitsKey,
  isClientKeyAlg,
  MAX_RSA_BITS,
  MIN_RSA_BITS,
  type ClientKeyAlg,
  type ClientKeyType,
  type RsaAlg,
} from "./client-key-algs";

/** A public JWK as Keyport stores it: required members only (RFC 7638 §3.2), plus kid, alg, use. */
export type PublicClientJwk =
  | { kty: "RSA"; n: string; e: string; kid?: string; alg: ClientKeyAlg; use: "sig" }
  | { kty: "EC"; crv: "P-256"; x: string; y: string; kid?: string; alg: ClientKeyAlg; use: "sig" }
  | { kty: "OKP"; crv: "Ed25519"; x: string; kid?: string; alg: ClientKeyAlg; use: "sig" };

export interface ParsedClientKey {
  jwk: PublicClientJwk;
  kid: string | null;
  alg: ClientKeyAlg;
  kty: ClientKeyType;
  crv: string | null;
  /** RFC 7638 thumbprint (SHA-256, base64url). */
  thumbprint: string;
}

/** What the portal shows of a key before (and after) it is registered. */
export interface ClientKeyPreview {
  kid: string | null;
  alg: ClientKeyAlg;
  kty: ClientKeyType;
  crv?: string;
  thumbprint: string;
}

export function previewOf(key: Pick<ParsedClientKey, "kid" | "alg" | "kty" | "crv" | "thumbprint">): ClientKeyPreview {
  return { kid: key.kid, alg: key.alg, kty: key.kty, ...(key.crv ? { crv: key.crv } : {}), thumbprint: key.thumbprint };
}

export interface ValidateJwkOptions {
  /** The alg of an RSA key whose JWK names none (RS256 unless the owner chose PS256). */
  rsaAlg?: RsaAlg;
}

export type JwkValidation = { ok: true; key: ParsedClientKey } | { ok: false; reason: string };

/** RFC 7517 §9.2, RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2: members only a private key has. */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth"] as const;

const B64URL = /^[A-Za-z0-9_-]+$/;
const KID = /^[\x21-\x7e]{1,128}$/;

function b64(value: unknown, max: number): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= max && B64URL.test(value);
}

const fail = (reason: string): JwkValidation => ({ ok: false, reason });

/** Validate one JWK. Never throws for bad input: the reason is in the result. */
export async function validatePublicJwk(input: unknown, options: ValidateJwkOptions = {}): Promise<JwkValidation> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return fail("a JWK must be a JSON object");
  const jwk = input as Record<string, unknown>;
  const kty = jwk.kty;
  if (typeof kty !== "string") return fail('the JWK has no "kty"');
  if (kty === "oct") return fail("symmetric (oct) keys cannot be used: private_key_jwt needs a public key (RS256, PS256, ES256 or EdDSA)");
  if (typeof jwk.k === "string") return fail('the JWK carries a symmetric secret ("k")');
  const privateMember = PRIVATE_MEMBERS.find((m) => jwk[m] !== undefined);
  if (privateMember) {
    return fail(`this is a private key (it has "${privateMember}"). Register the public key only — and treat this private key as exposed`);
  }
  const kid = jwk.kid;
  if (kid !== undefined && (typeof kid !== "string" || !KID.test(kid))) return fail('"kid" must be 1–128 printable ASCII characters');
  if (jwk.use !== undefined && jwk.use !== "sig") return fail(`the key is for "${String(jwk.use)}", not for signatures ("use": "sig")`);
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes("verify"))) {
    return fail('the key\'s "key_ops" do not include "verify"');
  }
  if (jwk.alg !== undefined && !isClientKeyAlg(jwk.alg)) {
    return fail(`alg "${String(jwk.alg)}" is not accepted; use RS256, PS256, ES256 or EdDSA`);
  }
  const declaredAlg = jwk.alg as ClientKeyAlg | undefined;

  let core: Record<string, string>;
  let type: ClientKeyType;
  let crv: string | null = null;
  if (kty === "RSA") {
    if (!b64(jwk.n, 2048) || !b64(jwk.e, 16)) return fail('an RSA key needs base64url "n" and "e"');
    core = { kty, n: jwk.n, e: jwk.e };
    type = "RSA";
  } else if (kty === "EC") {
    if (jwk.crv !== "P-256") return fail(`curve ${JSON.stringify(jwk.crv)} is not supported; EC keys must be P-256 (ES256)`);
    if (!b64(jwk.x, 64) || !b64(jwk.y, 64)) return fail('an EC key needs base64url "x" and "y"');
    core = { kty, crv: "P-256", x: jwk.x, y: jwk.y };
    type = "EC";
    crv = "P-256";
  } else if (kty === "OKP") {
    if (jwk.crv !== "Ed25519") return fail(`curve ${JSON.stringify(jwk.crv)} is not supported; OKP keys must be Ed25519 (EdDSA)`);
    if (!b64(jwk.x, 64)) return fail('an Ed25519 key needs a base64url "x"');
    core = { kty, crv: "Ed25519", x: jwk.x };
    type = "OKP";
    crv = "Ed25519";
  } else {
    return fail(`key type ${JSON.stringify(kty)} is not supported; use RSA, EC (P-256) or OKP (Ed25519)`);
  }

  // Let OpenSSL decide whether the numbers are a key at all (a point on the curve, a sane modulus).
  let keyObject: crypto.KeyObject;
  try {
    keyObject = crypto.createPublicKey({ key: core as crypto.JsonWebKey, format: "jwk" });
  } catch {
    return fail(`not a valid ${type === "OKP" ? "Ed25519" : type} public key`);
  }
  if (type === "RSA") {
    const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) return fail(`RSA keys must have at least ${MIN_RSA_BITS} bits (this one has ${bits})`);
    if (bits > MAX_RSA_BITS) return fail(`RSA keys may have at most ${MAX_RSA_BITS} bits (this one has ${bits})`);
  }

  const alg: ClientKeyAlg = declaredAlg ?? (type === "RSA" ? (options.rsaAlg ?? "RS256") : type === "EC" ? "ES256" : "EdDSA");
  if (!algFitsKey(alg, type, crv)) return fail(`alg ${alg} does not fit a ${type}${crv ? ` ${crv}` : ""} key`);

  const thumbprint = await calculateJwkThumbprint(core as Parameters<typeof calculateJwkThumbprint>[0], "sha256");
  const stored = { ...core, ...(typeof kid === "string" ? { kid } : {}), alg, use: "sig" } as PublicClientJwk;
  return { ok: true, key: { jwk: stored, kid: typeof kid === "string" ? kid : null, alg, kty: type, crv, thumbprint } };
}

/** The verification key of a stored JWK, built once (the client cache holds it). */
export function verificationKeyOf(jwk: PublicClientJwk | Record<string, unknown>): crypto.KeyObject {
  const { kty, n, e, crv, x, y } = jwk as Record<string, string | undefined>;
  const core = kty === "RSA" ? { kty, n, e } : kty === "EC" ? { kty, crv, x, y } : { kty, crv, x };
  return crypto.createPublicKey({ key: core as crypto.JsonWebKey, format: "jwk" });
}

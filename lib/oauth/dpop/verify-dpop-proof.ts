// Checking a DPoP proof JWT at the token endpoint (RFC 9449 §4.3), in the order of that section:
// one header → a well-formed JWS → typ → an allowed asymmetric alg → a public jwk → signature →
// claims present → htm → htu → iat → nonce (§8, when enabled) → jti not seen before for this key
// (§11.1, across instances: the shared UsedJti table). Each failure names the check that failed
// (§7 lets a server say why the proof was refused) but never echoes the caller's input.
//
// Nothing here touches the database until every other check has passed: an invalid or unsigned
// proof costs no write, and only a correctly signed proof reaches the replay store.
import crypto from "node:crypto";
import { jwkThumbprint, type PublicJwkMembers } from "./jwk-thumbprint";
import { normalizeHtu } from "./normalize-htu";
import type { DpopNonces } from "./dpop-nonces";
import type { ReplayStore } from "../../replay/replay-store";
import { OAuthError } from "../errors";

/**
 * Algorithms accepted for proofs (and advertised as `dpop_signing_alg_values_supported`, RFC 9449
 * §5.1): asymmetric only — §4.3 item 5 forbids `none` and MAC algorithms, whose "key" would have
 * to be shared with the server and so proves no possession. "Ed25519" is RFC 9864's fully
 * specified name for EdDSA with Ed25519, which openid-client 6 and the `dpop` package emit for
 * Ed25519 keys; "EdDSA" is the older, polymorphic name (RFC 8037 §3.1). Both verify the same way.
 */
export const DPOP_SIGNING_ALGS = ["ES256", "PS256", "RS256", "EdDSA", "Ed25519"] as const;
export type DpopSigningAlg = (typeof DPOP_SIGNING_ALGS)[number];

/** A proof is a JWS of a few hundred bytes (an RSA-4096 jwk makes it ~1.5 KiB); more is refused unread. */
export const MAX_DPOP_PROOF_BYTES = 8 * 1024;
/** RFC 9449 §4.2 asks for ≥ 96 bits of randomness; nobody needs more than 256 characters for that. */
export const MAX_DPOP_JTI_LENGTH = 256;
/** §4.3 item 11, §11.1: how old a proof's `iat` may be… */
export const DPOP_PROOF_MAX_AGE_SECONDS = 60;
/** …and how far ahead of our clock (the client's clock may run fast). */
export const DPOP_PROOF_MAX_FUTURE_SECONDS = 60;
/** RSA keys below 2048 bits are not acceptable for signatures (RFC 7518 §3.3). */
const MIN_RSA_MODULUS_BITS = 2048;

export type DpopErrorCode = "invalid_dpop_proof" | "use_dpop_nonce";

/**
 * A refused proof: 400 `invalid_dpop_proof` (§7), or 400 `use_dpop_nonce` with the nonce to use
 * in a `DPoP-Nonce` header (§8). An OAuthError, so the endpoint's dispatcher answers it like any other.
 */
export class DpopProofError extends OAuthError {
  override name = "DpopProofError";
  /** Always set: §7 lets the server say which check failed. */
  declare readonly description: string;
  constructor(
    error: DpopErrorCode,
    description: string,
    headers: Record<string, string> = {},
  ) {
    super(error, description, 400, headers);
  }
}

const invalid = (description: string) => new DpopProofError("invalid_dpop_proof", description);

export interface DpopProofExpectation {
  /** The request's method (§4.3 item 8). */
  htm: string;
  /** The endpoint URL built from the public origin — never from the Host header — normalized (normalize-htu.ts). */
  htu: string;
  /** Server nonces (§8); null or undefined when they are off. */
  nonces?: DpopNonces | null;
  /**
   * Single use across instances (lib/replay): asked once, last, for a proof that passed every
   * other check, so an unsigned or malformed proof costs no database write.
   */
  replay: Pick<ReplayStore, "claimOnce">;
  /**
   * At a protected resource (§7.1; the automation API, lib/api): base64url(SHA-256(access token)),
   * which the proof's `ath` must equal (§4.3 item 12). Unset at the token endpoint.
   */
  ath?: string;
  /** For tests: the current time in ms. */
  nowMs?: number;
}

export interface VerifiedDpopProof {
  /** RFC 7638 thumbprint of the proof key: the token's `cnf.jkt` (§6.1). */
  jkt: string;
  jti: string;
  iat: number;
}

// The signature may be empty here (alg "none" has none): the alg check refuses that with a clearer reason.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

type JsonObject = Record<string, unknown>;

function decodeJsonSegment(segment: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : null;
  } catch {
    return null;
  }
}

const isString = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** The public members of `jwk` fit for `alg`, or a description of what is wrong with it. */
function publicJwkFor(alg: DpopSigningAlg, jwk: JsonObject): PublicJwkMembers | string {
  for (const m of PRIVATE_JWK_MEMBERS) {
    if (m in jwk) return "the DPoP proof jwk header must be a public key: it contains private key material";
  }
  switch (alg) {
    case "ES256":
      if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !isString(jwk.x) || !isString(jwk.y)) return "ES256 requires an EC P-256 jwk";
      return { kty: "EC", crv: jwk.crv, x: jwk.x, y: jwk.y };
    case "RS256":
    case "PS256":
      if (jwk.kty !== "RSA" || !isString(jwk.n) || !isString(jwk.e)) return `${alg} requires an RSA jwk`;
      return { kty: "RSA", n: jwk.n, e: jwk.e };
    case "EdDSA":
    case "Ed25519":
      if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !isString(jwk.x)) return `${alg} requires an OKP Ed25519 jwk`;
      return { kty: "OKP", crv: jwk.crv, x: jwk.x };
  }
}

function importPublicKey(alg: DpopSigningAlg, jwk: PublicJwkMembers): crypto.KeyObject | null {
  try {
    // Only the public members go in, so Node cannot build anything but a public key from them.
    const key = crypto.createPublicKey({ key: { ...jwk }, format: "jwk" });
    if (alg === "RS256" || alg === "PS256") {
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_MODULUS_BITS) return null;
    }
    return key;
  } catch {
    return null;
  }
}

/** RFC 7518 §3.3–3.5 and RFC 8037 §3.1, with node:crypto on the thread pool (as sign-jwt.ts signs). */
function verifySignature(alg: DpopSigningAlg, key: crypto.KeyObject, signingInput: string, signature: Buffer): Promise<boolean> {
  const data = Buffer.from(signingInput);
  let digest: string | null = "sha256";
  let opts: crypto.VerifyKeyObjectInput | crypto.KeyObject = key;
  if (alg === "ES256") {
    // JWS carries ECDSA signatures as raw r||s (RFC 7518 §3.4), 64 bytes for P-256.
    if (signature.length !== 64) return Promise.resolve(false);
    opts = { key, dsaEncoding: "ieee-p1363" };
  } else if (alg === "PS256") {
    // RFC 7518 §3.5: MGF1 with SHA-256 and a salt as long as the hash.
    opts = { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  } else if (alg === "EdDSA" || alg === "Ed25519") {
    digest = null;
  }
  return new Promise((resolve) => {
    try {
      crypto.verify(digest, data, opts, signature, (err, ok) => resolve(!err && ok));
    } catch {
      resolve(false);
    }
  });
}

/**
 * Verify the `DPoP` header of a request (the caller has checked there is one: without it, the
 * request asks for a Bearer token). Resolves to the verified proof; rejects with DpopProofError.
 *
 * `header` is the header as the OAuth request exposes it: several `DPoP` fields arrive joined by
 * ", " (node:http and the Fetch API both do), and a compact JWS never contains a comma.
 */
export async function verifyDpopProof(header: string, expect: DpopProofExpectation): Promise<VerifiedDpopProof> {
  // §4.3 item 1: exactly one DPoP header field.
  if (header.includes(",")) throw invalid("exactly one DPoP header is allowed");
  if (header.length > MAX_DPOP_PROOF_BYTES) throw invalid(`the DPoP proof exceeds ${MAX_DPOP_PROOF_BYTES} bytes`);
  const proof = header.trim();
  // §4.3 item 2: a single well-formed JWT (compact JWS serialization, RFC 7515 §7.1).
  if (!COMPACT_JWS.test(proof)) throw invalid("the DPoP header must be one JWT in compact serialization");
  const [h, p, s] = proof.split(".") as [string, string, string];
  const jose = decodeJsonSegment(h);
  if (!jose) throw invalid("the DPoP proof header is not a JSON object");
  const claims = decodeJsonSegment(p);
  if (!claims) throw invalid("the DPoP proof payload is not a JSON object");

  // §4.3 item 4: typ is dpop+jwt. Media types are case-insensitive and may omit "application/"
  // (RFC 7515 §4.1.9).
  if (jose.typ === undefined) throw invalid("the DPoP proof has no typ header (must be dpop+jwt)");
  if (typeof jose.typ !== "string" || jose.typ.toLowerCase().replace(/^application\//, "") !== "dpop+jwt") {
    throw invalid("the DPoP proof typ header must be dpop+jwt");
  }
  // §4.3 item 5: an asymmetric algorithm we support; never none, never a MAC.
  const alg = jose.alg;
  if (typeof alg !== "string" || !(DPOP_SIGNING_ALGS as readonly string[]).includes(alg)) {
    throw invalid(`the DPoP proof alg must be one of ${DPOP_SIGNING_ALGS.join(", ")}`);
  }
  // RFC 7515 §4.1.11: extensions we do not understand must make the JWS invalid.
  if (jose.crit !== undefined) throw invalid("the DPoP proof has critical header parameters this server does not support");
  // §4.3 item 7: the jwk header is a public key of the alg's type.
  if (jose.jwk === null || typeof jose.jwk !== "object" || Array.isArray(jose.jwk)) {
    throw invalid("the DPoP proof must carry the public key as a jwk header");
  }
  const jwk = publicJwkFor(alg as DpopSigningAlg, jose.jwk as JsonObject);
  if (typeof jwk === "string") throw invalid(jwk);
  const key = importPublicKey(alg as DpopSigningAlg, jwk);
  if (!key) throw invalid("the DPoP proof jwk is not a usable public key");
  // §4.3 item 6: the signature verifies with that key.
  if (!(await verifySignature(alg as DpopSigningAlg, key, `${h}.${p}`, Buffer.from(s, "base64url")))) {
    throw invalid("the DPoP proof signature is invalid");
  }

  // §4.3 item 3: the required claims (§4.2).
  const { jti, htm, htu, iat } = claims;
  if (!isString(jti)) throw invalid("the DPoP proof has no jti claim");
  if (jti.length > MAX_DPOP_JTI_LENGTH) throw invalid(`the DPoP proof jti exceeds ${MAX_DPOP_JTI_LENGTH} characters`);
  if (!isString(htm)) throw invalid("the DPoP proof has no htm claim");
  if (!isString(htu)) throw invalid("the DPoP proof has no htu claim");
  if (typeof iat !== "number" || !Number.isFinite(iat)) throw invalid("the DPoP proof has no numeric iat claim");

  // §4.3 item 8: htm is the request method (case-sensitive, RFC 9110 §9.1).
  if (htm !== expect.htm) throw invalid(`the DPoP proof htm must be ${expect.htm}`);
  // §4.3 item 9: htu is this endpoint (normalized, RFC 3986 §6.2.2–6.2.3), without query or fragment.
  const presented = normalizeHtu(htu);
  if (!presented.ok && presented.reason === "has_query_or_fragment") {
    throw invalid("the DPoP proof htu must not contain a query or fragment");
  }
  if (!presented.ok || presented.uri !== expect.htu) throw invalid(`the DPoP proof htu must be ${expect.htu}`);
  // §4.3 item 12: presented with an access token, the proof carries that token's hash.
  if (expect.ath !== undefined && claims.ath !== expect.ath) throw invalid("the DPoP proof ath does not match the access token");

  // §4.3 item 11: iat within the acceptance window.
  const nowMs = expect.nowMs ?? Date.now();
  const now = nowMs / 1000;
  if (iat < now - DPOP_PROOF_MAX_AGE_SECONDS) throw invalid(`the DPoP proof is too old (iat more than ${DPOP_PROOF_MAX_AGE_SECONDS} s ago)`);
  if (iat > now + DPOP_PROOF_MAX_FUTURE_SECONDS) throw invalid(`the DPoP proof iat is more than ${DPOP_PROOF_MAX_FUTURE_SECONDS} s in the future`);

  // §4.3 item 10, §8: the nonce we handed out, when nonces are on. A missing or stale one is
  // use_dpop_nonce, which tells the client to retry with the DPoP-Nonce the error carries.
  if (expect.nonces) {
    const nonce = claims.nonce;
    const fresh = { "DPoP-Nonce": expect.nonces.current(nowMs) };
    if (nonce === undefined) throw new DpopProofError("use_dpop_nonce", "the authorization server requires a nonce in the DPoP proof", fresh);
    if (typeof nonce !== "string" || !expect.nonces.isCurrent(nonce, nowMs)) {
      throw new DpopProofError("use_dpop_nonce", "the DPoP proof nonce is not current; use the one in the DPoP-Nonce header", fresh);
    }
  }

  // §11.1: a jti is accepted once per key for as long as its proof could be accepted at all (until
  // iat + max age), on every instance (one INSERT on the shared database decides).
  const jkt = jwkThumbprint(jwk);
  const expiresAt = new Date(Math.ceil(Math.max(iat, now) + DPOP_PROOF_MAX_AGE_SECONDS) * 1000);
  if (!(await expect.replay.claimOnce("dpop_proof", jkt, jti, expiresAt))) throw invalid("the DPoP proof has been used before (jti replayed)");
  return { jkt, jti, iat };
}

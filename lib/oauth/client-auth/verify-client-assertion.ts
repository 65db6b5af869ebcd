// Verification of a private_key_jwt client assertion (RFC 7523 §3, RFC 7521 §4.2, OpenID Connect
// Core §9), step by step in the order of RFC 7523 §3, cheapest first. Nothing here touches the
// database until the signature has been verified: only a genuine assertion costs a replay-store
// write, so garbage cannot fill the store. Every failure is a ClientAssertionRejected with a
// short reason code — for the log and the owner, never for the caller (who gets the one generic
// invalid_client: RFC 6749 §5.2, and no oracle telling an attacker which check to work on).
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { isClientKeyAlg, type ClientKeyAlg } from "../../client-keys/client-key-algs";
import type { VerificationKey } from "../../client-keys/verification-key";

/** RFC 7523 §2.2. */
export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** RFC 7523 §3 item 4 lets the server bound the lifetime: at most 5 minutes ahead. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
/** Clock skew allowed on exp, nbf and iat (RFC 7519 §4.1.4: "some small leeway"). */
export const CLOCK_SKEW_SECONDS = 30;
/** Far above any real assertion (a few hundred bytes; RSA-4096 signatures ~ 700 chars). */
export const MAX_ASSERTION_LENGTH = 8 * 1024;
const MAX_JTI_LENGTH = 256;
/** Keys tried for one assertion without a kid: bounded work per request. */
const MAX_CANDIDATE_KEYS = 5;

export type AssertionRejection =
  | "wrong_assertion_type"
  | "malformed"
  | "alg_none"
  | "alg_hmac"
  | "alg_not_allowed"
  | "iss_not_client_id"
  | "sub_not_iss"
  | "bad_aud"
  | "missing_exp"
  | "expired"
  | "exp_too_far"
  | "nbf_in_future"
  | "iat_in_future"
  | "missing_jti"
  | "unknown_client"
  | "wrong_auth_method"
  | "no_keys"
  | "jwks_unavailable"
  | "unknown_kid"
  | "alg_key_mismatch"
  | "bad_signature"
  | "replayed_jti";

export class ClientAssertionRejected extends Error {
  override name = "ClientAssertionRejected";
  constructor(readonly reason: AssertionRejection) {
    super(`client assertion rejected: ${reason}`);
  }
}

export interface AssertionKeySource {
  /** The client's keys now (inline, or its cached jwks_uri keys). */
  keys(): Promise<readonly VerificationKey[]>;
  /** jwks_uri only: the keys after a refetch (rate-limited by the source) — the kid is unknown. */
  refetch?(): Promise<readonly VerificationKey[]>;
}

export interface VerifyClientAssertionInput {
  /** The client being authenticated: the body's client_id, or the assertion's iss when absent. */
  clientId: string;
  assertionType: string | undefined;
  assertion: string;
  /** Acceptable `aud` values: the issuer and the endpoint URL(s) (RFC 7523 §3 item 3). */
  audiences: readonly string[];
  keys: AssertionKeySource;
  /** Single use until `expiresAt`, across instances (lib/replay). False: already used. */
  claimJti(jti: string, expiresAt: Date): Promise<boolean>;
  /** ms since epoch (tests). */
  now?: number;
}

export interface VerifiedAssertion {
  jti: string;
  exp: number;
  /** Thumbprint of the key that verified it. */
  keyThumbprint: string;
}

const reject = (reason: AssertionRejection): never => {
  throw new ClientAssertionRejected(reason);
};

/** The header and claims, not yet verified; `malformed` if it is not a compact JWS at all. */
export function decodeAssertion(assertion: string): { header: ProtectedHeaderParameters; payload: JWTPayload } {
  // A compact JWS has three parts; five would be a JWE, which we do not accept (RFC 7523 §3 item 9 allows it, we do not).
  if (assertion.length > MAX_ASSERTION_LENGTH || assertion.split(".").length !== 3) reject("malformed");
  try {
    return { header: decodeProtectedHeader(assertion), payload: decodeJwt(assertion) };
  } catch {
    return reject("malformed");
  }
}

function checkAlg(header: ProtectedHeaderParameters): ClientKeyAlg {
  const alg = header.alg;
  // RFC 8725 §3.1 and §3.2: never "none", never a MAC (it would need a shared secret).
  if (typeof alg !== "string" || alg.toLowerCase() === "none") reject("alg_none");
  if (/^HS/i.test(alg as string)) reject("alg_hmac");
  if (!isClientKeyAlg(alg)) reject("alg_not_allowed");
  // We understand no critical header extensions (RFC 7515 §4.1.11).
  if (header.crit !== undefined) reject("malformed");
  return alg as ClientKeyAlg;
}

/** RFC 7523 §3 items 1–7 on the (still unverified) claims. */
function checkClaims(payload: JWTPayload, input: VerifyClientAssertionInput, now: number): { jti: string; exp: number } {
  // Item 1 and 2: iss and sub are both the client_id (RFC 7523 §3, RFC 7521 §5.2).
  if (payload.iss !== input.clientId) reject("iss_not_client_id");
  if (payload.sub !== payload.iss) reject("sub_not_iss");
  // Item 3: the audience identifies us — the issuer or the endpoint's URL; a string or an array.
  const aud = payload.aud;
  const auds = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (!auds.some((a) => typeof a === "string" && input.audiences.includes(a))) reject("bad_aud");
  // Item 4: exp is required; we also refuse one too far ahead (the jti is remembered until exp).
  const exp = payload.exp;
  if (typeof exp !== "number" || !Number.isFinite(exp)) return reject("missing_exp");
  if (exp <= now - CLOCK_SKEW_SECONDS) reject("expired");
  if (exp > now + MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) reject("exp_too_far");
  // Items 5 and 6: nbf and iat, when present, must not be in the future.
  if (payload.nbf !== undefined && (typeof payload.nbf !== "number" || payload.nbf > now + CLOCK_SKEW_SECONDS)) reject("nbf_in_future");
  if (payload.iat !== undefined && (typeof payload.iat !== "number" || payload.iat > now + CLOCK_SKEW_SECONDS)) reject("iat_in_future");
  // Item 7: jti, so the assertion can be used once.
  const jti = payload.jti;
  if (typeof jti !== "string" || jti.length === 0 || jti.length > MAX_JTI_LENGTH) return reject("missing_jti");
  return { jti, exp };
}

/** Keys the header points at: its kid (a key's kid, or the RFC 7638 thumbprint of one), or every key. */
function candidatesFor(keys: readonly VerificationKey[], kid: string | undefined): readonly VerificationKey[] {
  if (kid === undefined) return keys;
  return keys.filter((k) => k.kid === kid || k.thumbprint === kid);
}

async function verifyWith(assertion: string, candidates: readonly VerificationKey[]): Promise<VerificationKey | null> {
  for (const k of candidates.slice(0, MAX_CANDIDATE_KEYS)) {
    try {
      // The alg is pinned to the key's own (RFC 8725 §3.1), not taken from the header.
      await compactVerify(assertion, k.key, { algorithms: [k.alg] });
      return k;
    } catch {
      // next candidate
    }
  }
  return null;
}

/** Select the key by kid and alg, verify the signature; `refetch` once for an unknown kid (jwks_uri). */
async function verifySignature(assertion: string, header: ProtectedHeaderParameters, alg: ClientKeyAlg, source: AssertionKeySource): Promise<VerificationKey> {
  const kid = typeof header.kid === "string" ? header.kid : undefined;
  let keys = await source.keys();
  for (let attempt = 0; ; attempt++) {
    const byKid = candidatesFor(keys, kid);
    const byAlg = byKid.filter((k) => k.alg === alg);
    let failure: AssertionRejection;
    if (keys.length === 0) failure = "no_keys";
    else if (byKid.length === 0) failure = "unknown_kid";
    else if (byAlg.length === 0) failure = "alg_key_mismatch";
    else {
      const key = await verifyWith(assertion, byAlg);
      if (key) return key;
      failure = "bad_signature";
    }
    // A client that rotated publishes the new key before using it (OpenID Connect Core §10.1.1):
    // an unknown kid — or no kid and no key that verifies — is worth one refetch.
    const worthRefetch = failure === "no_keys" || failure === "unknown_kid" || (failure === "bad_signature" && kid === undefined);
    if (attempt > 0 || !source.refetch || !worthRefetch) return reject(failure);
    keys = await source.refetch();
  }
}

/** All checks; resolves with the verified assertion's jti, or throws ClientAssertionRejected. */
export async function verifyClientAssertion(input: VerifyClientAssertionInput): Promise<VerifiedAssertion> {
  if (input.assertionType !== JWT_BEARER_ASSERTION_TYPE) reject("wrong_assertion_type");
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  const { header, payload } = decodeAssertion(input.assertion);
  const alg = checkAlg(header);
  const { jti, exp } = checkClaims(payload, input, now);
  const key = await verifySignature(input.assertion, header, alg, input.keys);
  // Remembered a little past exp: within the skew window an expired-by-our-clock assertion could still pass.
  if (!(await input.claimJti(jti, new Date((exp + CLOCK_SKEW_SECONDS) * 1000)))) reject("replayed_jti");
  return { jti, exp, keyThumbprint: key.thumbprint };
}

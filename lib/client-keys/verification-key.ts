// A client's public key ready to verify assertions with: imported once (when the client cache
// loads the client, or when its jwks_uri is fetched), never per request.
import type { KeyObject } from "node:crypto";
import type { ClientKeyAlg } from "./client-key-algs";
import { verificationKeyOf, type ParsedClientKey, type PublicClientJwk } from "./validate-public-jwk";

export interface VerificationKey {
  kid: string | null;
  /** The one alg the key verifies (RFC 8725 §3.1: the key's alg, not the token's say-so). */
  alg: ClientKeyAlg;
  /** RFC 7638 thumbprint: also accepted as the `kid` of a key registered without one. */
  thumbprint: string;
  key: KeyObject;
}

export function toVerificationKey(k: Pick<ParsedClientKey, "kid" | "alg" | "thumbprint"> & { jwk: PublicClientJwk | Record<string, unknown> }): VerificationKey {
  return { kid: k.kid, alg: k.alg, thumbprint: k.thumbprint, key: verificationKeyOf(k.jwk) };
}

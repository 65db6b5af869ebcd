// Compact JWS signing for access tokens. jose would do, but on the token path every microsecond
// counts: the protected header is encoded once per key and node:crypto signs directly.
// Output is a standard JWS (RFC 7515) verified by any library; see sign-jwt.test.ts.
import crypto from "node:crypto";
import type { SigningAlg } from "../config/env";

export interface JwtSigner {
  kid: string;
  alg: SigningAlg;
  sign(payload: Record<string, unknown>): string;
}

export function createJwtSigner(kid: string, alg: SigningAlg, key: crypto.KeyObject): JwtSigner {
  // RFC 9068 §2.1: typ "at+jwt"; kid so resource servers can pick the key from the JWKS.
  const header = Buffer.from(JSON.stringify({ alg, typ: "at+jwt", kid })).toString("base64url");
  const digest = alg === "EdDSA" ? null : "sha256";
  // ES256 signatures in JWS are the raw r||s concatenation (RFC 7518 §3.4), not DER.
  const opts = alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" as const } : key;
  return {
    kid,
    alg,
    sign(payload) {
      const input = `${header}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
      const sig = crypto.sign(digest, Buffer.from(input), opts);
      return `${input}.${sig.toString("base64url")}`;
    },
  };
}

// The algorithms a private_key_jwt client may sign its assertions with, and which key type each
// needs. Asymmetric only (RFC 7523 §3 leaves the choice to the server; RFC 8725 §3.1 and §3.2: an
// allow-list, never `none`, and never a MAC — an HS* assertion would mean sharing a secret).

export const CLIENT_KEY_ALGS = ["RS256", "PS256", "ES256", "EdDSA"] as const;
export type ClientKeyAlg = (typeof CLIENT_KEY_ALGS)[number];

export type ClientKeyType = "RSA" | "EC" | "OKP";

/** Algorithms an RSA key may be restricted to (a PEM carries no alg: the owner picks one). */
export const RSA_ALGS = ["RS256", "PS256"] as const;
export type RsaAlg = (typeof RSA_ALGS)[number];

/** RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used". */
export const MIN_RSA_BITS = 2048;
/** Bigger keys only cost verification time (ours): nobody needs more. */
export const MAX_RSA_BITS = 8192;

/** At most this many inline keys per application: two or three cover any rotation. */
export const MAX_CLIENT_KEYS = 10;

/** The largest paste (a JWKS of a few RSA keys is ~2 KiB; a certificate chain ~6 KiB). */
export const MAX_KEY_INPUT_BYTES = 64 * 1024;

export function isClientKeyAlg(value: unknown): value is ClientKeyAlg {
  return typeof value === "string" && (CLIENT_KEY_ALGS as readonly string[]).includes(value);
}

/** The key type (and curve) each algorithm needs: RFC 7518 §3.3, §3.4, §3.5; RFC 8037 §3.1. */
export function algFitsKey(alg: ClientKeyAlg, kty: ClientKeyType, crv: string | null): boolean {
  switch (alg) {
    case "RS256":
    case "PS256":
      return kty === "RSA";
    case "ES256":
      return kty === "EC" && crv === "P-256";
    case "EdDSA":
      return kty === "OKP" && crv === "Ed25519";
  }
}

// JWK thumbprints (RFC 7638): SHA-256 over the JSON of the key's required public members in
// lexicographic order, no whitespace. A DPoP-bound token carries the proof key's thumbprint as
// `cnf.jkt` (RFC 9449 §6.1), and replayed proofs are tracked per thumbprint (§11.1).
import crypto from "node:crypto";

/** The public JWK members a thumbprint covers (RFC 7638 §3.2; RFC 8037 §2 for OKP). */
export type PublicJwkMembers =
  | { kty: "EC"; crv: string; x: string; y: string }
  | { kty: "RSA"; e: string; n: string }
  | { kty: "OKP"; crv: string; x: string };

/** base64url(SHA-256(canonical JSON)): the `jkt` value. */
export function jwkThumbprint(jwk: PublicJwkMembers): string {
  // Members written in lexicographic order by hand: JSON.stringify keeps insertion order.
  let canonical: string;
  switch (jwk.kty) {
    case "EC":
      canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
      break;
    case "RSA":
      canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
      break;
    case "OKP":
      canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
      break;
  }
  return crypto.createHash("sha256").update(canonical).digest("base64url");
}

// The one place an access token is built and signed: the RFC 9068 §2.2 claims, plus `cnf`
// (RFC 7800 §3.1) when the token is sender-constrained (RFC 9449 §6.1: cnf.jkt). Every grant
// issues through here.
import type { CachedClient } from "../cache/client-cache";
import type { KeyStore } from "../keys/key-store";
import { randomTokenId } from "../crypto/random-id";

export interface AccessTokenInput {
  /** The issuer identifier (the public origin). */
  issuer: string;
  client: CachedClient;
  /** Space-delimited (RFC 6749 §3.3), already checked against the client. */
  scope: string;
  /** RFC 8707 / RFC 9068 §2.2 `aud`, already checked against the client. */
  aud: string | string[];
  /** Confirmation claim of a bound token. */
  cnf?: Readonly<Record<string, string>>;
  /**
   * Claims beyond RFC 9068's (a vendor profile's `authorization_details`, a team's `org_id`):
   * added after the standard ones, which they can never replace.
   */
  extraClaims?: Readonly<Record<string, unknown>>;
}

/** The signed token; it expires in `client.tokenLifetime` seconds (the response's expires_in). */
export async function issueAccessToken(keys: Pick<KeyStore, "signer" | "signerNow">, input: AccessTokenInput): Promise<string> {
  const signer = keys.signerNow() ?? (await keys.signer());
  const { client } = input;
  const iat = Math.floor(Date.now() / 1000);
  // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti; scope (§2.2.3). sub is the client
  // itself: a client-credentials token acts for no user.
  const claims: Record<string, unknown> = {
    iss: input.issuer,
    sub: client.clientId,
    aud: input.aud,
    exp: iat + client.tokenLifetime,
    iat,
    jti: randomTokenId(),
    client_id: client.clientId,
    scope: input.scope,
  };
  if (input.extraClaims) {
    for (const name in input.extraClaims) if (!(name in claims)) claims[name] = input.extraClaims[name];
  }
  if (input.cnf) claims.cnf = input.cnf;
  return signer.sign(claims);
}

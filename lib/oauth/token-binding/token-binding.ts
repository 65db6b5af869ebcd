// A token binding: a step of the token endpoint that may sender-constrain the token being issued
// (DPoP, RFC 9449; mutual TLS, RFC 8705, would be another). It runs after client authentication
// and the grant-type check and before the grant issues, sees the whole request (the `DPoP`
// header, the method, the endpoint's public URL) and the client, and either
//  - returns undefined: it does not apply (no proof presented, none required);
//  - returns a result: the token carries `cnf` (RFC 7800 §3.1) and the response `token_type`;
//  - throws an OAuthError (e.g. 400 invalid_dpop_proof, RFC 9449 §5; use_dpop_nonce with a
//    DPoP-Nonce header, §8): the dispatcher answers it like any other error.
// Registered in lib/oauth/token-binding/index.ts; its `metadata` fields (e.g.
// dpop_signing_alg_values_supported, RFC 9449 §5.1) appear in the metadata documents.
import type { OAuthServices } from "../oauth-services";
import type { TokenRequest } from "../token-request";

export interface TokenBindingResult {
  /** The confirmation claim, e.g. { jkt: <RFC 7638 thumbprint> } (RFC 9449 §6.1). */
  readonly cnf: Readonly<Record<string, string>>;
  /** The token response's token_type, e.g. "DPoP" (RFC 9449 §5). */
  readonly tokenType: string;
  /** Extra headers on the token response (e.g. a fresh DPoP-Nonce, RFC 9449 §8.2). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TokenBinding {
  readonly name: string;
  /** Fields added to both metadata documents. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  bind(request: TokenRequest): Promise<TokenBindingResult | undefined> | TokenBindingResult | undefined;
}

export type TokenBindingFactory = (services: OAuthServices) => TokenBinding;

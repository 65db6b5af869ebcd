// A grant type (RFC 6749 §4, §8.3), as oidc-provider's lib/actions/grants/. Each lives in
// lib/oauth/grants/<grant>.ts and is registered in lib/oauth/grants/index.ts: the token endpoint
// dispatches on grant_type through the registry, and grant_types_supported lists exactly it.
import type { OAuthServices } from "../oauth-services";
import type { TokenResponseBody } from "../dialects/response-dialect";
import type { TokenBindingResult } from "../token-binding/token-binding";
import type { TokenRequest } from "../token-request";

export interface GrantHandler {
  /** The grant_type value. */
  readonly type: string;
  /**
   * Check the grant's own parameters and issue (lib/oauth/issue-access-token.ts), carrying the
   * binding's `cnf` and `token_type` when there is one. Errors are OAuthErrors.
   */
  handle(request: TokenRequest, binding: TokenBindingResult | undefined): Promise<TokenResponseBody>;
}

export type GrantFactory = (services: OAuthServices) => GrantHandler;

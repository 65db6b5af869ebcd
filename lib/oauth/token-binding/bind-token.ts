// Run the registered bindings for one token request. At most one may bind: a token has one
// confirmation method, and two (say DPoP and mTLS) at once would be ambiguous to a resource server.
// The Bearer path stays synchronous: a binding that does not apply returns undefined, and no
// promise is created or awaited for it.
import { OAuthError } from "../errors";
import type { TokenRequest } from "../token-request";
import type { TokenBinding, TokenBindingResult } from "./token-binding";

export function bindToken(
  bindings: readonly TokenBinding[],
  request: TokenRequest,
): TokenBindingResult | undefined | Promise<TokenBindingResult | undefined> {
  let pending: Array<TokenBindingResult | Promise<TokenBindingResult | undefined>> | undefined;
  for (const b of bindings) {
    const r = b.bind(request);
    if (r !== undefined) (pending ??= []).push(r);
  }
  if (pending === undefined) return undefined;
  return Promise.all(pending).then((results) => {
    const bound = results.filter((r): r is TokenBindingResult => r !== undefined);
    if (bound.length > 1) throw new OAuthError("invalid_request", "more than one token binding was presented");
    return bound[0];
  });
}

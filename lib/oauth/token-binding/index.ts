// The registered token bindings (lib/oauth/token-binding/token-binding.ts). A token request binds
// through at most one of them; with none applying, the token is a Bearer token (RFC 6750).
import type { TokenBindingFactory } from "./token-binding";
import { createDpopBinding } from "../dpop/dpop-binding";

export const TOKEN_BINDINGS: readonly TokenBindingFactory[] = [
  // DPoP (RFC 9449): a `DPoP` proof header → cnf.jkt and token_type DPoP.
  createDpopBinding,
];

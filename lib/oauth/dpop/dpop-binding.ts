// DPoP as a token binding of the token endpoint (RFC 9449; lib/oauth/token-binding). A request
// with a `DPoP` header gets a DPoP-bound token — `cnf.jkt` in the token (§6.1), `token_type: DPoP`
// in the response (§5) — or, if its proof fails any check, 400 invalid_dpop_proof: a proof is
// never ignored, or a client would believe its token sender-constrained when it is not.
// A request without one gets a Bearer token, unless the application requires DPoP.
import { deriveKey } from "../../config/env";
import { OAuthError } from "../errors";
import type { OAuthServices } from "../oauth-services";
import type { TokenBinding, TokenBindingFactory, TokenBindingResult } from "../token-binding/token-binding";
import { DpopNonces } from "./dpop-nonces";
import { normalizeEndpointUrl } from "./normalize-htu";
import { DPOP_SIGNING_ALGS, verifyDpopProof } from "./verify-dpop-proof";

export const DPOP_REQUIRED_DESCRIPTION = "this client requires DPoP-bound tokens (RFC 9449): send a DPoP proof";

/** §8: with KEYPORT_DPOP_NONCE=on, nonces under a key derived from the root secret (shared by every instance). */
export function createDpopNonces(config: OAuthServices["config"]): DpopNonces | null {
  return config.KEYPORT_DPOP_NONCE === "on" ? new DpopNonces(deriveKey(config.secret, "dpop-nonce")) : null;
}

export const createDpopBinding: TokenBindingFactory = (services): TokenBinding => {
  const nonces = createDpopNonces(services.config);
  // The endpoint's public URL (never the Host header), normalized once per endpoint, not per request.
  const htuOf = new Map<string, string>();
  return {
    name: "dpop",
    // §5.1: what a client may sign its proofs with.
    metadata: { dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGS] },
    bind({ endpoint, req, client }): Promise<TokenBindingResult> | undefined {
      const header = req.header("dpop");
      if (header === undefined) {
        // §10 ("require DPoP" is the server's policy per client): a Bearer token for this client
        // would be exactly the replayable credential its owner asked us not to issue.
        if (client.requireDpop) throw new OAuthError("invalid_request", DPOP_REQUIRED_DESCRIPTION);
        // The Bearer hot path: one header lookup, no promise, no allocation.
        return undefined;
      }
      let htu = htuOf.get(endpoint.url);
      if (htu === undefined) htuOf.set(endpoint.url, (htu = normalizeEndpointUrl(endpoint.url)));
      return verifyDpopProof(header, { htm: req.method, htu, nonces, replay: services.replay }).then((proof) => ({
        cnf: { jkt: proof.jkt },
        tokenType: "DPoP",
        // §8.2: a fresh nonce with every success, so the client's next proof has one ready.
        headers: nonces ? { "DPoP-Nonce": nonces.current() } : undefined,
      }));
    },
  };
};

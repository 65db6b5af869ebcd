// One token request as the steps after client authentication see it (lib/oauth/token-endpoint.ts):
// grants (lib/oauth/grants) and token bindings (lib/oauth/token-binding) read it.
import type { CachedClient } from "../cache/client-cache";
import type { EndpointContext } from "./endpoint-context";
import type { OAuthRequest } from "./oauth-http";
import type { Params } from "./read-params";

export interface TokenRequest {
  /** The token endpoint: services, issuer, its public URL (a DPoP proof's `htu`, RFC 9449 §4.3). */
  readonly endpoint: EndpointContext;
  /** Method and headers, `DPoP` included (RFC 9449 §4.1). */
  readonly req: OAuthRequest;
  readonly params: Params;
  /** The authenticated client. */
  readonly client: CachedClient;
}

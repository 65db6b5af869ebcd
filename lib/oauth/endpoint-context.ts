// What a step knows about the endpoint it runs in: built once per endpoint by createOAuthServer()
// (lib/oauth/oauth-server.ts), so a request allocates nothing for it.
import type { OAuthEndpointName } from "../events/events";
import type { OAuthServices } from "./oauth-services";
import type { TokenClaimsHook } from "./token-claims-hook";

export interface EndpointContext {
  readonly services: OAuthServices;
  readonly endpoint: OAuthEndpointName;
  /** The issuer identifier (RFC 8414 §2), i.e. the public origin (lib/config/public-origin.ts). */
  readonly issuer: string;
  /**
   * This endpoint's absolute public URL, never derived from the request: the `aud` a client
   * assertion may carry (RFC 7523 §3 item 3) and the `htu` of a DPoP proof (RFC 9449 §4.3).
   */
  readonly url: string;
  /** A vendor profile's token path (lib/oauth/profiles): what its tokens carry. Absent on /oauth/token. */
  readonly claims?: TokenClaimsHook;
}

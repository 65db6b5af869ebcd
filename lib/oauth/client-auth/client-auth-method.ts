// A client-authentication method (RFC 6749 §2.3; names from the IANA "OAuth Token Endpoint
// Authentication Methods" registry, RFC 7591 §2), as fosite's ClientAuthenticationStrategy. Each
// lives in lib/oauth/client-auth/<method>.ts and is registered in lib/oauth/client-auth/index.ts;
// lib/oauth/client-auth/client-authentication.ts enforces "exactly one per request", runs the
// chosen one behind the brute-force limits, and the metadata lists exactly the registered ones.
import type { CachedClient } from "../../cache/client-cache";
import type { EndpointContext } from "../endpoint-context";
import type { OAuthRequest } from "../oauth-http";
import type { OAuthServices } from "../oauth-services";
import type { Params } from "../read-params";

/** What a method read from the request: at least which client it claims to be. */
export interface PresentedClient {
  /** The method's registered name (ClientAuthMethod.name). */
  readonly method: string;
  /** The client it claims to be: already checked well-formed (lib/crypto/credentials isWellFormedClientId). */
  readonly clientId: string;
}

export interface ClientAuthMethod<P extends PresentedClient = PresentedClient> {
  /** e.g. "client_secret_basic", "private_key_jwt": listed in *_endpoint_auth_methods_supported. */
  readonly name: string;
  /** How a client uses it, for the "client authentication required (…)" message. */
  readonly usage: string;
  /** JWS algorithms it accepts (token_endpoint_auth_signing_alg_values_supported, RFC 8414 §2). */
  readonly signingAlgs?: readonly string[];
  /**
   * Whether the request carries this method's credentials at all (a header or a parameter of its
   * own). Synchronous, no I/O. More than one present is invalid_request (RFC 6749 §2.3).
   */
  isPresent(req: OAuthRequest, params: Params): boolean;
  /**
   * Read the credentials: synchronous, no I/O; throws invalid_client (lib/oauth/errors.ts) when
   * they are malformed, including a client_id that cannot be one (checkClientId).
   */
  read(req: OAuthRequest, params: Params): P;
  /**
   * Prove them: resolve with the client (from endpoint.services.clients), or throw invalid_client
   * without saying which check failed. The client's status (pending, disabled) is checked after
   * this by the caller. Runs behind the brute-force limits: a thrown invalid_client is counted.
   */
  verify(presented: P, endpoint: EndpointContext, req: OAuthRequest, params: Params): Promise<CachedClient>;
}

/** Registered as a factory: a method may keep per-process state (a JWKS cache) built from the services. */
export type ClientAuthMethodFactory = (services: OAuthServices) => ClientAuthMethod;

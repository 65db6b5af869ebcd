// POST /oauth/token — the token endpoint (RFC 6749 §3.2), issuing RFC 9068 JWT access tokens.
// A pipeline of small steps in spec order: no-store → body size and content type → duplicates →
// exactly one client authentication method → authenticate (behind the limits) → grant type
// registered and allowed → token binding (DPoP, …) → the grant checks scope and audience and
// issues. Errors go to the dispatcher (lib/oauth/dispatch.ts). Nothing here writes to the
// database: usage and metrics count the token.issued / oauth.error events in memory.
import type { ClientAuthentication } from "./client-auth/client-authentication";
import type { ResponseDialect } from "./dialects/response-dialect";
import type { EndpointHandler } from "./dispatch";
import type { EndpointContext } from "./endpoint-context";
import { OAuthError } from "./errors";
import type { GrantHandler } from "./grants/grant-handler";
import { NO_STORE, type OAuthRequest } from "./oauth-http";
import { readParams, type Params } from "./read-params";
import { bindToken } from "./token-binding/bind-token";
import type { TokenBinding } from "./token-binding/token-binding";
import type { TokenRequest } from "./token-request";
import { checkGrantType } from "./token-request-rules";

export interface TokenEndpointParts {
  endpoint: EndpointContext;
  clientAuth: ClientAuthentication;
  grants: ReadonlyMap<string, GrantHandler>;
  bindings: readonly TokenBinding[];
  dialect: ResponseDialect;
  /** Body → parameters; default the RFC reading (lib/oauth/read-params.ts). A vendor profile brings its own. */
  readParams?: (req: OAuthRequest) => Params;
}

export const USE_POST = () => new OAuthError("invalid_request", "use POST", 405, { Allow: "POST" });

export function createTokenEndpoint({ endpoint, clientAuth, grants, bindings, dialect, readParams: read = readParams }: TokenEndpointParts): EndpointHandler {
  const { events } = endpoint.services;
  return async (req, exchange) => {
    if (req.method !== "POST") throw USE_POST();
    const params = read(req);
    const presented = clientAuth.read(req, params);
    exchange.clientId = presented.clientId;
    exchange.authMethod = presented.method;
    // The requested scope, for the owner's request log should the request fail (lib/request-log).
    exchange.scope = params.get("scope");
    const client = await clientAuth.authenticate(endpoint, req, params, presented);
    const grant = grants.get(checkGrantType(params, client, grants))!;
    exchange.grantType = grant.type;
    const request: TokenRequest = { endpoint, req, params, client };
    const bound = bindToken(bindings, request);
    const binding = bound === undefined || !(bound instanceof Promise) ? bound : await bound;
    const body = await grant.handle(request, binding);
    const res = dialect.tokenResponse(body, binding?.headers ? { ...NO_STORE, ...binding.headers } : NO_STORE);
    events.emit("token.issued", {
      clientId: client.clientId,
      appId: client.appId,
      durationMs: performance.now() - exchange.started,
      grantType: grant.type,
      authMethod: presented.method,
      scope: body.scope,
      ip: req.remoteAddress,
      profile: dialect.name,
    });
    return res;
  };
}

// GET /.well-known/jwks.json (RFC 7517) and GET /.well-known/oauth-authorization-server (RFC 8414).
import { getRuntime } from "../runtime";
import { oauthErrorResponse, OAuthError } from "./errors";
import { fetchHandler, json, type OAuthRequest, type OAuthResponse } from "./oauth-http";
import { publicOrigin } from "../config/public-origin";
import { SUPPORTED_GRANT_TYPES } from "./token-request-rules";

function onlyGet(req: OAuthRequest): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    throw new OAuthError("invalid_request", "use GET", 405, { Allow: "GET, HEAD" });
  }
}

/** Current and not-yet-expired retired public keys. Short cache: rotation must show up quickly. */
export async function handleJwksRequest(req: OAuthRequest): Promise<OAuthResponse> {
  try {
    onlyGet(req);
    const rt = await getRuntime();
    return {
      status: 200,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=60" },
      body: await rt.keys.jwksBody(),
    };
  } catch (err) {
    return oauthErrorResponse(err);
  }
}

export async function handleDiscoveryRequest(req: OAuthRequest): Promise<OAuthResponse> {
  try {
    onlyGet(req);
    const rt = await getRuntime();
    const issuer = publicOrigin(rt.config);
    const scopes = await rt.prisma.scope.findMany({ where: { retiredAt: null }, select: { name: true }, orderBy: { name: "asc" } });
    const authMethods = ["client_secret_basic", "client_secret_post"];
    // RFC 8414 §2. No authorization endpoint: this server only does machine-to-machine grants.
    return json(
      200,
      {
        issuer,
        token_endpoint: `${issuer}/oauth/token`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        introspection_endpoint: `${issuer}/oauth/introspect`,
        revocation_endpoint: `${issuer}/oauth/revoke`,
        scopes_supported: scopes.map((s) => s.name),
        response_types_supported: [],
        grant_types_supported: [...SUPPORTED_GRANT_TYPES],
        token_endpoint_auth_methods_supported: authMethods,
        introspection_endpoint_auth_methods_supported: authMethods,
        revocation_endpoint_auth_methods_supported: authMethods,
        // Not an RFC 8414 field (§2 allows extensions): the algorithms of the keys in the JWKS,
        // i.e. what a resource server may meet in a current access token's header.
        access_token_signing_alg_values_supported: await rt.keys.algorithms(),
        service_documentation: `${issuer}/docs`,
      },
      { "Cache-Control": "public, max-age=300" },
    );
  } catch (err) {
    return oauthErrorResponse(err);
  }
}

export const jwksEndpoint = fetchHandler(handleJwksRequest);
export const discoveryEndpoint = fetchHandler(handleDiscoveryRequest);

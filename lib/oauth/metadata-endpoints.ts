// GET /.well-known/jwks.json (RFC 7517), GET /.well-known/oauth-authorization-server (RFC 8414)
// and GET /.well-known/openid-configuration (OpenID Connect Discovery 1.0 §4).
import type { EndpointHandler } from "./dispatch";
import { OAuthError } from "./errors";
import { json, type OAuthRequest } from "./oauth-http";
import type { OAuthServices } from "./oauth-services";
import type { MetadataSources, MetadataState } from "./metadata";
import { authorizationServerMetadata, openidProviderMetadata } from "./metadata";

function onlyGet(req: OAuthRequest): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    throw new OAuthError("invalid_request", "use GET", 405, { Allow: "GET, HEAD" });
  }
}

/** Current and not-yet-expired retired public keys. Short cache: rotation must show up quickly. */
export function createJwksEndpoint(services: Pick<OAuthServices, "keys">): EndpointHandler {
  return async (req) => {
    onlyGet(req);
    return {
      status: 200,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=60" },
      body: await services.keys.jwksBody(),
    };
  };
}

async function metadataState(services: Pick<OAuthServices, "keys" | "prisma">): Promise<MetadataState> {
  const [scopes, accessTokenAlgs] = await Promise.all([
    services.prisma.scope.findMany({ where: { retiredAt: null }, select: { name: true }, orderBy: { name: "asc" } }),
    services.keys.algorithms(),
  ]);
  return { scopes: scopes.map((s) => s.name), accessTokenAlgs };
}

export function createMetadataEndpoint(
  services: Pick<OAuthServices, "keys" | "prisma">,
  sources: MetadataSources,
  build: typeof authorizationServerMetadata = authorizationServerMetadata,
): EndpointHandler {
  return async (req) => {
    onlyGet(req);
    return json(200, build(sources, await metadataState(services)), { "Cache-Control": "public, max-age=300" });
  };
}

export const createOpenidConfigurationEndpoint = (services: Pick<OAuthServices, "keys" | "prisma">, sources: MetadataSources) =>
  createMetadataEndpoint(services, sources, openidProviderMetadata);

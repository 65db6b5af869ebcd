// The OAuth server of one process, built once from its services by the composition root
// (lib/runtime.ts) and the registries: client-authentication methods (lib/oauth/client-auth),
// grants (lib/oauth/grants), token bindings (lib/oauth/token-binding) and a response dialect
// (lib/oauth/dialects), plus the vendor profiles KEYPORT_PROFILES names (lib/oauth/profiles: more
// token paths on the same pipeline). Its route map is what server/main.ts dispatches to straight from
// node:http, and what the App Router routes call (app/_lib/oauth-route.ts) under `next dev`.
//
// Everything per-endpoint (issuer, public URLs, the registries, the error dispatcher) is resolved
// here once, so a request allocates nothing for it.
import { publicUrl } from "../config/public-origin";
import { createMetricsEndpoint } from "../metrics/metrics-endpoint";
import type { OAuthEndpointName } from "../events/events";
import { CLIENT_AUTH_METHODS } from "./client-auth";
import type { ClientAuthMethodFactory } from "./client-auth/client-auth-method";
import { ClientAuthentication } from "./client-auth/client-authentication";
import { RFC6749_DIALECT } from "./dialects/rfc6749";
import type { ResponseDialect } from "./dialects/response-dialect";
import { dispatch } from "./dispatch";
import type { EndpointContext } from "./endpoint-context";
import { GRANTS } from "./grants";
import type { GrantFactory, GrantHandler } from "./grants/grant-handler";
import { createReadyEndpoint, handleHealthRequest } from "./health-endpoints";
import { createIntrospectionEndpoint } from "./introspection-endpoint";
import { createJwksEndpoint, createMetadataEndpoint, createOpenidConfigurationEndpoint } from "./metadata-endpoints";
import type { MetadataSources } from "./metadata";
import { NO_STORE, type OAuthHandler } from "./oauth-http";
import type { OAuthServices } from "./oauth-services";
import { activeProfiles } from "./profiles";
import type { TokenProfile } from "./profiles/token-profile";
import { createRevocationEndpoint } from "./revocation-endpoint";
import { TOKEN_BINDINGS } from "./token-binding";
import type { TokenBinding, TokenBindingFactory } from "./token-binding/token-binding";
import { createTokenEndpoint } from "./token-endpoint";

export interface OAuthServerOptions {
  /** Default: lib/oauth/client-auth/index.ts. */
  clientAuthMethods?: readonly ClientAuthMethodFactory[];
  /** Default: lib/oauth/grants/index.ts. */
  grants?: readonly GrantFactory[];
  /** Default: lib/oauth/token-binding/index.ts. */
  tokenBindings?: readonly TokenBindingFactory[];
  /** Default: the RFC dialect. */
  dialect?: ResponseDialect;
  /** Vendor profiles to mount beside /oauth/token. Default: those KEYPORT_PROFILES names (lib/oauth/profiles). */
  profiles?: readonly TokenProfile[];
}

export interface OAuthServer {
  /** Path → handler: the OAuth endpoints, the metadata documents, health, readiness, metrics. */
  readonly routes: ReadonlyMap<string, OAuthHandler>;
  readonly dialect: ResponseDialect;
  readonly clientAuth: ClientAuthentication;
  readonly grants: ReadonlyMap<string, GrantHandler>;
  readonly bindings: readonly TokenBinding[];
  /** What the metadata documents are built from (lib/oauth/metadata.ts). */
  readonly metadataSources: MetadataSources;
  /** The vendor profiles mounted (their paths are in `routes`). */
  readonly profiles: readonly TokenProfile[];
}

/** Paths outside the dialect: operations, not OAuth. /metrics has no App Router route (its access check needs the socket). */
export const OPERATIONS_PATHS = { health: "/api/health", ready: "/api/ready", metrics: "/metrics" } as const;

export function createOAuthServer(services: OAuthServices, options: OAuthServerOptions = {}): OAuthServer {
  const dialect = options.dialect ?? RFC6749_DIALECT;
  const { paths } = dialect;
  const issuer = services.config.publicOrigin;
  const clientAuth = new ClientAuthentication((options.clientAuthMethods ?? CLIENT_AUTH_METHODS).map((f) => f(services)));
  const grants = new Map<string, GrantHandler>();
  for (const f of options.grants ?? GRANTS) {
    const g = f(services);
    if (grants.has(g.type)) throw new Error(`grant registered twice: ${g.type}`);
    grants.set(g.type, g);
  }
  const bindings = (options.tokenBindings ?? TOKEN_BINDINGS).map((f) => f(services));

  const endpoint = (name: OAuthEndpointName, path: string): EndpointContext => ({ services, endpoint: name, issuer, url: publicUrl(services.config, path) });
  const token = endpoint("token", paths.token);
  const introspection = endpoint("introspection", paths.introspection);
  const revocation = endpoint("revocation", paths.revocation);

  const { events, clients } = services;
  // The oauth.error event (metrics, usage): the token endpoint names the application when the
  // client is cached already — an error answer never waits for (or costs) a database query.
  const oauthEndpoint = (ctx: EndpointContext, handler: Parameters<typeof dispatch>[0], d: ResponseDialect = dialect): OAuthHandler =>
    dispatch(handler, {
      dialect: d,
      errorHeaders: NO_STORE,
      onError: (exchange, error, status) => {
        const appId = ctx.endpoint === "token" && exchange.clientId !== undefined ? clients.peek(exchange.clientId)?.appId : undefined;
        events.emit("oauth.error", {
          endpoint: ctx.endpoint,
          error: error.error,
          status,
          durationMs: performance.now() - exchange.started,
          appId,
          ip: exchange.ip,
          authMethod: exchange.authMethod,
          grantType: exchange.grantType,
          scope: exchange.scope,
          profile: d.name,
        });
      },
    });
  const document = (handler: Parameters<typeof dispatch>[0]): OAuthHandler => dispatch(handler, { dialect });

  const metadataSources: MetadataSources = {
    issuer,
    paths,
    clientAuth,
    grantTypes: [...grants.keys()],
    bindings,
  };

  const routes = new Map<string, OAuthHandler>([
    [paths.token, oauthEndpoint(token, createTokenEndpoint({ endpoint: token, clientAuth, grants, bindings, dialect }))],
    [paths.introspection, oauthEndpoint(introspection, createIntrospectionEndpoint(introspection, clientAuth))],
    [paths.revocation, oauthEndpoint(revocation, createRevocationEndpoint(revocation, clientAuth))],
    [paths.jwks, document(createJwksEndpoint(services))],
    [paths.authorizationServerMetadata, document(createMetadataEndpoint(services, metadataSources))],
    [paths.openidConfiguration, document(createOpenidConfigurationEndpoint(services, metadataSources))],
    [OPERATIONS_PATHS.health, handleHealthRequest],
    [OPERATIONS_PATHS.ready, createReadyEndpoint(services)],
    [OPERATIONS_PATHS.metrics, createMetricsEndpoint(services)],
  ]);

  // Each vendor profile: its own path, request reading, grants and dialect on the same token
  // pipeline — client authentication, limits, events and issuing are the ones above.
  const profiles = options.profiles ?? activeProfiles(services.config.KEYPORT_PROFILES);
  for (const profile of profiles) {
    if (routes.has(profile.path)) throw new Error(`profile ${profile.name}: path ${profile.path} is taken`);
    const ctx: EndpointContext = { ...endpoint("token", profile.path), claims: profile.claims };
    const profileGrants = new Map([...grants].filter(([type]) => profile.grantTypes.includes(type)));
    const handler = createTokenEndpoint({ endpoint: ctx, clientAuth, grants: profileGrants, bindings, dialect: profile.dialect, readParams: profile.readParams });
    routes.set(profile.path, oauthEndpoint(ctx, handler, profile.dialect));
  }
  return { routes, dialect, clientAuth, grants, bindings, metadataSources, profiles };
}

// Paths Keyport's own server dispatches straight to the OAuth handlers, bypassing Next's request
// pipeline (the App Router mounts the same handlers under app/, for `next dev`).
import type { OAuthHandler } from "./oauth-http";
import { handleTokenRequest } from "./token-endpoint";
import { handleIntrospectionRequest } from "./introspection-endpoint";
import { handleRevocationRequest } from "./revocation-endpoint";
import { handleDiscoveryRequest, handleJwksRequest } from "./metadata-endpoints";
import { handleHealthRequest, handleReadyRequest } from "./health-endpoints";
import { handleMetricsRequest } from "../metrics/metrics-endpoint";

export const OAUTH_ROUTES: ReadonlyMap<string, OAuthHandler> = new Map([
  ["/oauth/token", handleTokenRequest],
  ["/oauth/introspect", handleIntrospectionRequest],
  ["/oauth/revoke", handleRevocationRequest],
  ["/.well-known/jwks.json", handleJwksRequest],
  ["/.well-known/oauth-authorization-server", handleDiscoveryRequest],
  ["/api/health", handleHealthRequest],
  ["/api/ready", handleReadyRequest],
  // Prometheus scrape; this server only (no App Router route: its access check needs the socket).
  ["/metrics", handleMetricsRequest],
]);

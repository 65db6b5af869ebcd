// What the OAuth server is built from: the process's services, created once by the composition
// root (lib/runtime.ts) and handed to createOAuthServer() (lib/oauth/oauth-server.ts). Nothing in
// lib/oauth reaches for a global runtime: a handler's dependencies are the ones passed in here.
import type { KeyportConfig } from "../config/env";
import type { Database } from "../db/database";
import type { PrismaClient } from "../generated/prisma/client";
import type { ClientCache } from "../cache/client-cache";
import type { IntrospectorCache } from "../cache/introspector-cache";
import type { KeyStore } from "../keys/key-store";
import type { KeyportEvents } from "../events/events";
import type { RateLimits } from "../rate-limit/rate-limits";
import type { KeyportMetrics } from "../metrics/create-metrics";
import type { ReplayStore } from "../replay/replay-store";

export interface OAuthServices {
  config: KeyportConfig;
  db: Database;
  prisma: PrismaClient;
  /** The token path's view of applications (lib/cache/client-cache.ts). */
  clients: ClientCache;
  /** Which applications may introspect which audience's tokens (RFC 7662 §2.1). */
  introspectors: IntrospectorCache;
  keys: KeyStore;
  /** Events at defined points (lib/events): usage, metrics and rate limiting subscribe. */
  events: KeyportEvents;
  limits: RateLimits;
  metrics: KeyportMetrics;
  /** Single-use identifiers across instances: client-assertion and DPoP-proof jti (lib/replay). */
  replay: ReplayStore;
}

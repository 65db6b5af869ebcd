// The OAuth services (lib/oauth/oauth-services.ts) on a real migrated test database, built the way
// the runtime builds them (lib/runtime.ts), without background work: for lib/ tests of the OAuth
// server, its registries and what plugs into them. Pair with createOAuthServer().
import { ClientCache } from "../cache/client-cache";
import { IntrospectorCache } from "../cache/introspector-cache";
import { KeyportEvents } from "../events/events";
import { KeyStore } from "../keys/key-store";
import { ensureSigningKey } from "../keys/rotate-signing-key";
import { SYSTEM_ACTOR } from "../audit/actor";
import { createMetrics } from "../metrics/create-metrics";
import type { OAuthServices } from "../oauth/oauth-services";
import { createRateLimits } from "../rate-limit/rate-limits";
import { createReplayStore } from "../replay/replay-store";
import type { MigratedTestDatabase } from "./migrated-test-database";

export async function createTestOAuthServices(t: MigratedTestDatabase): Promise<OAuthServices> {
  const { config, db } = t;
  const events = new KeyportEvents();
  await ensureSigningKey(db.prisma, config.secret, config.KEYPORT_SIGNING_ALG, SYSTEM_ACTOR, config.KEYPORT_TOKEN_TTL);
  return {
    config,
    db,
    prisma: db.prisma,
    clients: new ClientCache({ db, events }),
    introspectors: new IntrospectorCache(db.prisma),
    keys: new KeyStore(db.prisma, config.secret),
    events,
    limits: createRateLimits(config, db, events),
    metrics: createMetrics({ events, defaultMetrics: false }),
    replay: createReplayStore(db),
  };
}

// Which applications may introspect tokens of which audience (RFC 7662 §2.1: "the authorization
// server MUST determine whether the protected resource is allowed to introspect"), held in memory
// so an introspection request costs a Map lookup, not a query. The table is small (audiences ×
// their resource servers) and loaded whole. A statement-level trigger on AudienceIntrospector
// sends 'audienceintrospector:*' on 'keyport_cache' for every change, whoever made it; the runtime
// calls invalidate() on it and on a LISTEN reconnect. A TTL bounds staleness should a
// notification ever be missed.
import type { PrismaClient } from "../generated/prisma/client";

const TTL_MS = 60_000;

/** audience identifier → ids of the applications allowed to introspect its tokens. */
export type IntrospectorMap = ReadonlyMap<string, ReadonlySet<string>>;

export class IntrospectorCache {
  private current: { value: Promise<IntrospectorMap>; expires: number } | null = null;
  /** Last successfully loaded map: served while the database cannot be read. */
  private lastKnown: IntrospectorMap | null = null;
  /** Bumped on every invalidation, so a load that started before it is not kept after it. */
  private generation = 0;

  constructor(private readonly prisma: PrismaClient) {}

  /** May application `appId` introspect a token issued for any of `audiences`? */
  async mayIntrospect(appId: string, audiences: readonly string[]): Promise<boolean> {
    const map = await this.get();
    return audiences.some((aud) => map.get(aud)?.has(appId) === true);
  }

  get(): Promise<IntrospectorMap> {
    const now = Date.now();
    if (this.current && this.current.expires > now) return this.current.value;
    const generation = this.generation;
    const value = this.load().then(
      (map) => {
        if (generation === this.generation) this.lastKnown = map;
        return map;
      },
      (err: unknown) => {
        if (this.current?.value === value) this.current = null;
        // During a database outage keep answering from the last known state, as the client
        // cache does; a caller with nothing known gets the error (introspection answers 503/500).
        if (this.lastKnown) return this.lastKnown;
        throw err;
      },
    );
    this.current = { value, expires: now + TTL_MS };
    return value;
  }

  private async load(): Promise<IntrospectorMap> {
    const rows = await this.prisma.audienceIntrospector.findMany({ select: { audienceId: true, applicationId: true } });
    const map = new Map<string, Set<string>>();
    for (const r of rows) {
      let set = map.get(r.audienceId);
      if (!set) map.set(r.audienceId, (set = new Set()));
      set.add(r.applicationId);
    }
    return map;
  }

  /** Drop the cached set (a notification arrived, or notifications may have been missed). */
  invalidate(): void {
    this.generation++;
    this.current = null;
  }
}

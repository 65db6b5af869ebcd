// What the token path needs to know about a client, cached in memory (lru-cache).
//
// - Freshness: entries are dropped on a 'keyport_cache' notification (a database trigger sends one
//   on every change to an application or its secrets, whoever made it), and the runtime clears the
//   cache when the LISTEN connection comes back. So entries may live long; the TTL only bounds
//   staleness should a notification ever be missed.
// - Bounded: by count and by bytes, least recently used first. First lookups of an id (and the
//   short negative entries they leave for unknown ids) live in a separate, smaller LRU, so a flood
//   of unknown ids only displaces other unknown ids, never a client.
// - One query per id at a time: concurrent gets of one id share one load (lru-cache fetchMethod,
//   on both caches: first lookups, and refreshes of entries that are due).
// - Stale-if-error (RFC 5861 §4, by analogy): when the database cannot be read, a client we knew
//   keeps being served from its last known state for `staleIfErrorMs` after it would have needed a
//   refresh — nobody can change it while the database is down, and invalidation resumes on
//   reconnect. While failing, one probe per RETRY_MS goes to the database, not one per request.
import { LRUCache } from "lru-cache";
import type { SqlSession } from "../db/database";
import type { KeyportEvents } from "../events/events";
import { isWellFormedClientId } from "../crypto/credentials";
import { listActiveAppIds, loadClientRow, loadClientRowsByAppIds, type ClientRow } from "./load-clients";
import { toVerificationKey, type VerificationKey } from "../client-keys/verification-key";
import { isClientKeyAlg } from "../client-keys/client-key-algs";
import { log } from "../log";
import { effectiveGrantTypes } from "../oauth/refresh/effective-grant-types";

export interface CachedSecret {
  /** The secret row's id. */
  id: string;
  /** hmac: HMAC-SHA-256(pepper, secret). scrypt: empty (see slowHash). */
  digest: Buffer;
  /** scrypt secrets (short imported ones): the encoded slow hash (lib/crypto/slow-hash.ts). */
  slowHash?: string;
  /** ms since epoch; null = never expires. Revoked secrets are not loaded at all. */
  expiresAt: number | null;
}

export interface CachedClient {
  appId: string;
  clientId: string;
  status: "pending" | "active" | "disabled";
  scopes: ReadonlySet<string>;
  /** Allowed scopes joined in catalog order: the default `scope` of a token. */
  defaultScope: string;
  audiences: readonly string[];
  grantTypes: ReadonlySet<string>;
  tokenLifetime: number;
  secrets: CachedSecret[];
  /** How the client authenticates: a secret, or a JWT assertion (private_key_jwt, RFC 7523 §2.2). */
  authMethod: "client_secret" | "private_key_jwt";
  /** private_key_jwt: where the client publishes its keys (null: the inline `keys`). */
  jwksUri: string | null;
  /** RFC 9449: every token must be DPoP-bound. */
  requireDpop: boolean;
  /** private_key_jwt inline public keys, imported once per load (never per request). */
  keys: readonly VerificationKey[];
  /** Refresh tokens on (opt-in, lib/oauth/refresh) and their lifetime in seconds. */
  refreshTokens: boolean;
  refreshTokenLifetime: number;
  /** The team that owns the application (lib/teams): what a token request's `organization` must name. */
  teamId: string;
  teamSlug: string;
  /** `org_id` / `org_name` for a token asked for with `organization` (lib/oauth/organization.ts), built once per load. */
  orgClaims: Readonly<{ org_id: string; org_name: string }>;
}

/** Fresh for 10 minutes: notifications carry every change, this only bounds a missed one. */
const TTL_MS = 10 * 60_000;
const NEGATIVE_TTL_MS = 5_000;
const EMPTY_DIGEST = Buffer.alloc(0);
/**
 * Sized for 100,000 active clients with room to spare within a 500 MB process: measured ≈ 700 bytes
 * per entry with one secret (630 heap + 70 Buffer memory; docs/benchmarks.md), so 200,000 entries
 * are ≈ 140 MB. The byte bound holds whatever the mix of secrets.
 */
const MAX_ENTRIES = 200_000;
const MAX_BYTES = 160 * 1024 * 1024;
const MAX_NEGATIVE_ENTRIES = 10_000;
/** While the database is failing, at most one load attempt per this interval. */
const RETRY_MS = 1_000;
const WARM_UP_PAGE = 1_000;

/**
 * Estimated bytes of one entry beyond its strings (objects, LRU slots, the appId index) and per
 * secret (object, Buffer view and its 32 bytes): fitted to a heap measurement of 100,000 entries.
 */
const ENTRY_OVERHEAD_BYTES = 420;
const SECRET_OVERHEAD_BYTES = 200;
/** A public key: its KeyObject (native key material) and strings; RSA-2048 dominates. */
const KEY_OVERHEAD_BYTES = 1_200;
/** The team: its slug and name strings and the frozen org claims object. */
const TEAM_OVERHEAD_BYTES = 80;
const NO_KEYS: readonly VerificationKey[] = Object.freeze([]);

export interface ClientCacheOptions {
  db: SqlSession;
  /** cache.hit / cache.miss / cache.stale go here (lib/events). */
  events?: KeyportEvents;
  /** KEYPORT_STALE_IF_ERROR in ms; 0 = never serve a stale client. */
  staleIfErrorMs?: number;
  ttlMs?: number;
  negativeTtlMs?: number;
  maxEntries?: number;
  maxBytes?: number;
  maxNegativeEntries?: number;
  retryMs?: number;
}

interface Entry {
  /**
   * null: unknown, or known and gone (kept briefly so a stale copy cannot resurface). A live
   * entry is its client itself (`entry.client === entry`): one object per client, not two — at
   * 100,000 clients the heap's object count is what the garbage collector and the CPU caches pay.
   */
  client: CachedClient | null;
  /** When this state needs a refresh (ms since epoch); the stale-if-error window counts from here. */
  refreshAt: number;
  /** Kept past refreshAt because the database could not be read. */
  stale: boolean;
}

const NONE: Record<string, never> = Object.freeze({});

/** A live entry: the client, with its own freshness. */
type LiveEntry = CachedClient & Entry;

/** The answer for an unknown id or a client that is gone: one shared object. */
const NOT_FOUND: Entry = Object.freeze({ client: null, refreshAt: 0, stale: false });

export class ClientCache {
  private readonly db: SqlSession;
  private readonly events: KeyportEvents | undefined;
  private readonly ttlMs: number;
  private readonly staleIfErrorMs: number;
  private readonly retryMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  /** Clients, by client_id. */
  private readonly entries: LRUCache<string, Entry>;
  /** First lookups in flight, and their answers for the negative TTL (null client: unknown id). */
  private readonly lookups: LRUCache<string, Entry>;
  /** appId → clientId for 'app:<id>' notifications (a secret changed). */
  private readonly clientIdByAppId = new Map<string, string>();
  /** Errors thrown by our own loads, told apart from lru-cache aborting a fetch it dropped. */
  private readonly loadErrors = new WeakSet<object>();
  /** Shared Sets and arrays: most clients hold one of a few scope and audience lists. */
  private readonly interned = new Map<string, ReadonlySet<string> | readonly string[] | string>();
  /** Bumped on every invalidation: a load that overlapped one is repeated (it may be stale). */
  private epoch = 0;
  /** The last load failed: the database cannot be read right now. */
  private failing = false;
  private nextProbeAt = 0;
  private stopped = false;
  private warming = false;

  constructor(options: ClientCacheOptions) {
    this.db = options.db;
    this.events = options.events;
    this.ttlMs = options.ttlMs ?? TTL_MS;
    this.staleIfErrorMs = options.staleIfErrorMs ?? 0;
    this.retryMs = options.retryMs ?? RETRY_MS;
    this.maxEntries = options.maxEntries ?? MAX_ENTRIES;
    this.maxBytes = options.maxBytes ?? MAX_BYTES;
    this.entries = new LRUCache<string, Entry>({
      max: this.maxEntries,
      maxSize: this.maxBytes,
      sizeCalculation: entrySize,
      ttl: this.ttlMs,
      // A stale entry stays until evicted: it is what stale-if-error serves.
      noDeleteOnStaleGet: true,
      // Only ever called for an id that has an entry (a refresh): no slot is taken for a fetch.
      fetchMethod: (clientId, previous, { options: setOptions }) => this.refreshEntry(clientId, previous, setOptions),
      onInsert: (entry, clientId) => {
        if (entry.client) this.clientIdByAppId.set(entry.client.appId, clientId);
      },
      dispose: (entry, clientId, reason) => {
        const appId = entry.client?.appId;
        if (reason !== "set" && appId && this.clientIdByAppId.get(appId) === clientId) this.clientIdByAppId.delete(appId);
      },
    });
    this.lookups = new LRUCache<string, Entry>({
      max: options.maxNegativeEntries ?? MAX_NEGATIVE_ENTRIES,
      ttl: options.negativeTtlMs ?? NEGATIVE_TTL_MS,
      fetchMethod: (clientId) => this.lookUp(clientId),
    });
  }

  /** The client, null when there is none; rejects with the database's error when it is unknown here and cannot be loaded. */
  async get(clientId: string): Promise<CachedClient | null> {
    if (!isWellFormedClientId(clientId)) return null; // never a key, never a query
    const hit = this.entries.get(clientId);
    if (hit !== undefined) {
      if (hit.stale) this.serveStale(clientId);
      else this.events?.emit("cache.hit", NONE);
      return hit.client;
    }
    // Only unknown ids stay in `lookups` (a found client lives in `entries`).
    if (this.lookups.get(clientId)?.client === null) {
      this.events?.emit("cache.hit", NONE);
      return null;
    }
    return this.miss(clientId);
  }

  /**
   * A fresh hit, synchronously (counted as a hit); undefined when get() must decide (a miss, an
   * unknown id, a stale entry). The token path uses it to skip a promise per request.
   */
  getFresh(clientId: string): CachedClient | undefined {
    const hit = this.entries.get(clientId);
    if (hit === undefined || hit.stale || hit.client === null) return undefined;
    this.events?.emit("cache.hit", NONE);
    return hit.client;
  }

  /** What is cached for `clientId` right now, without loading (null if nothing). */
  peek(clientId: string): CachedClient | null {
    return this.entries.peek(clientId, { allowStale: true })?.client ?? null;
  }

  private async miss(clientId: string): Promise<CachedClient | null> {
    // Known but due for a refresh while the database is failing: answer from the last known state
    // at once instead of waiting for another timeout.
    const known = this.entries.peek(clientId, { allowStale: true });
    if (known?.client && this.failing && this.withinStaleWindow(known)) {
      this.serveStale(clientId);
      return known.client;
    }
    let entry: Entry | undefined;
    try {
      entry = await (known ? this.entries.fetch(clientId) : this.lookups.fetch(clientId));
    } catch (err) {
      if (typeof err === "object" && err !== null && this.loadErrors.has(err)) throw err;
      // lru-cache dropped the fetch (an invalidation, eviction or clear while it ran): answer
      // this request from a load of its own, uncached.
      return this.loadClient(clientId);
    }
    if (entry === undefined) return null;
    if (!known && entry.client) this.lookups.delete(clientId); // it is in `entries` now
    if (entry.stale) this.events?.emit("cache.stale", { clientId });
    return entry.client;
  }

  private serveStale(clientId: string): void {
    this.events?.emit("cache.stale", { clientId });
    // Try the database again in the background: every stale hit once it works again, at most one
    // probe per retry interval while it does not.
    if (this.failing) {
      const now = Date.now();
      if (now < this.nextProbeAt) return;
      this.nextProbeAt = now + this.retryMs;
    }
    this.entries.fetch(clientId, { forceRefresh: true, allowStale: true }).catch(() => {});
  }

  private withinStaleWindow(entry: Entry): boolean {
    return Date.now() < entry.refreshAt + this.staleIfErrorMs;
  }

  /** A database load counted as a miss; `failing` follows whether the database answered. */
  private async loadTracked(clientId: string): Promise<LiveEntry | null> {
    this.events?.emit("cache.miss", NONE);
    try {
      const client = await this.loadClient(clientId);
      this.failing = false;
      return client;
    } catch (err) {
      this.failing = true;
      throw err;
    }
  }

  /** First lookup of an id (fetchMethod of `lookups`): the client goes to `entries`. */
  private async lookUp(clientId: string): Promise<Entry> {
    const client = await this.loadTracked(clientId);
    if (!client) return NOT_FOUND;
    client.refreshAt = Date.now() + this.ttlMs;
    this.entries.set(clientId, client);
    return client;
  }

  /** Refresh of an entry that is due (fetchMethod of `entries`): stale-if-error lives here. */
  private async refreshEntry(
    clientId: string,
    previous: Entry | undefined,
    setOptions: LRUCache.FetcherFetchOptions<string, Entry>,
  ): Promise<Entry | undefined> {
    let client: LiveEntry | null;
    try {
      client = await this.loadTracked(clientId);
    } catch (err) {
      this.nextProbeAt = Date.now() + this.retryMs;
      if (previous?.client && this.withinStaleWindow(previous)) {
        // Keep the last known state until its stale window closes.
        setOptions.ttl = Math.max(1, previous.refreshAt + this.staleIfErrorMs - Date.now());
        if (previous.stale) return previous;
        const kept: LiveEntry = { ...(previous.client as LiveEntry), stale: true };
        kept.client = kept;
        return kept;
      }
      throw err;
    }
    if (client) {
      client.refreshAt = Date.now() + this.ttlMs;
      return client;
    }
    // It existed and is gone: a tombstone for the negative TTL (returning nothing would make
    // lru-cache put the stale copy back).
    setOptions.ttl = this.lookups.ttl;
    return NOT_FOUND;
  }

  /** One lean query; repeated if an invalidation arrived meanwhile (the answer may predate it). */
  private async loadClient(clientId: string): Promise<LiveEntry | null> {
    for (let attempt = 0; ; attempt++) {
      const epoch = this.epoch;
      let row: ClientRow | null;
      try {
        row = await loadClientRow(this.db, clientId);
      } catch (err) {
        if (typeof err === "object" && err !== null) this.loadErrors.add(err);
        throw err;
      }
      if (epoch === this.epoch || attempt === 2) return row && this.toClient(row);
    }
  }

  /**
   * Load active clients in pages, most recently used first, at most as many as the cache holds,
   * without evicting anything: after a start (or a reconnect) the first request of each client is
   * a hit instead of a query. Runs in the background; failures only end it early.
   */
  async warmUp(options: { pageSize?: number } = {}): Promise<number> {
    if (this.warming) return 0; // one at a time (reconnects may come in quick succession)
    this.warming = true;
    try {
      return await this.warmUpPages(options.pageSize ?? WARM_UP_PAGE);
    } finally {
      this.warming = false;
    }
  }

  private async warmUpPages(pageSize: number): Promise<number> {
    const ids = await listActiveAppIds(this.db, this.maxEntries);
    let loaded = 0;
    for (let i = 0; i < ids.length && !this.stopped; i += pageSize) {
      if (this.entries.size >= this.maxEntries || this.entries.calculatedSize >= this.maxBytes * 0.95) break;
      const page = ids.slice(i, i + pageSize);
      for (let attempt = 0; attempt < 3; attempt++) {
        const epoch = this.epoch;
        const rows = await loadClientRowsByAppIds(this.db, page);
        if (epoch !== this.epoch) continue; // something changed meanwhile: read the page again
        const now = Date.now();
        for (const row of rows) {
          if (this.entries.has(row.clientId) || this.entries.size >= this.maxEntries) continue;
          const client = this.toClient(row);
          client.refreshAt = now + this.ttlMs;
          this.entries.set(row.clientId, client);
          loaded++;
        }
        break;
      }
      // Let requests in between pages.
      await new Promise((r) => setImmediate(r));
    }
    return loaded;
  }

  private toClient(row: ClientRow): LiveEntry {
    const entry: LiveEntry = {
      appId: row.id,
      clientId: row.clientId,
      status: row.status as CachedClient["status"],
      scopes: this.internSet(row.scopes),
      defaultScope: this.internString(row.scopes.join(" ")),
      audiences: this.internList(row.audiences),
      // refresh_token follows the application's flag (opt-in refresh tokens, lib/oauth/refresh).
      grantTypes: this.internSet(effectiveGrantTypes(row.grantTypes, row.refreshTokens)),
      tokenLifetime: row.tokenLifetime,
      secrets: row.secrets.map((s) =>
        s.k === "scrypt"
          ? { id: s.i, digest: EMPTY_DIGEST, slowHash: s.d, expiresAt: s.e === null ? null : Number(s.e) }
          : { id: s.i, digest: Buffer.from(s.d, "hex"), expiresAt: s.e === null ? null : Number(s.e) },
      ),
      authMethod: row.authMethod === "private_key_jwt" ? "private_key_jwt" : "client_secret",
      jwksUri: row.jwksUri,
      requireDpop: row.requireDpop,
      refreshTokens: row.refreshTokens,
      refreshTokenLifetime: row.refreshTokenLifetime,
      teamId: row.team.i,
      teamSlug: row.team.s,
      orgClaims: Object.freeze({ org_id: row.team.i, org_name: row.team.n }),
      keys: row.keys.length ? importKeys(row) : NO_KEYS,
      refreshAt: 0,
      stale: false,
      client: null,
    };
    entry.client = entry;
    return entry;
  }

  private internSet(values: string[]): ReadonlySet<string> {
    const key = "s\n" + values.join("\n");
    const hit = this.interned.get(key) as ReadonlySet<string> | undefined;
    if (hit) return hit;
    const set: ReadonlySet<string> = new Set(values);
    this.remember(key, set);
    return set;
  }

  private internString(value: string): string {
    const key = "j\n" + value;
    const hit = this.interned.get(key) as string | undefined;
    if (hit !== undefined) return hit;
    this.remember(key, value);
    return value;
  }

  private internList(values: string[]): readonly string[] {
    const key = "l\n" + values.join("\n");
    const hit = this.interned.get(key) as readonly string[] | undefined;
    if (hit) return hit;
    const list = Object.freeze(values);
    this.remember(key, list);
    return list;
  }

  private remember(key: string, value: ReadonlySet<string> | readonly string[] | string): void {
    // Sharing is an optimisation only: beyond a few thousand distinct lists, start over.
    if (this.interned.size >= 4096) this.interned.clear();
    this.interned.set(key, value);
  }

  /** Handle a notification payload: 'client:<clientId>' or 'app:<applicationId>'. */
  invalidate(payload: string): void {
    const i = payload.indexOf(":");
    const kind = payload.slice(0, i);
    const id = payload.slice(i + 1);
    if (kind === "client") {
      this.epoch++;
      this.entries.delete(id);
      this.lookups.delete(id);
    } else if (kind === "app") {
      // The application may be loading right now and not be in clientIdByAppId yet: the epoch
      // makes that load repeat.
      this.epoch++;
      const clientId = this.clientIdByAppId.get(id);
      if (clientId) {
        this.entries.delete(clientId);
        this.lookups.delete(clientId);
      }
    }
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.lookups.clear();
    this.clientIdByAppId.clear();
  }

  /** Ends a running warm-up (runtime stop). */
  stop(): void {
    this.stopped = true;
  }

  /** Entries held and their estimated bytes (metrics, tests). */
  /** `unknown`: first lookups held (mostly unknown ids). */
  stats(): { entries: number; bytes: number; unknown: number } {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize, unknown: this.lookups.size };
  }
}

/** The inline keys as verification keys; a stored key that cannot be imported is skipped (and logged). */
function importKeys(row: ClientRow): readonly VerificationKey[] {
  const keys: VerificationKey[] = [];
  for (const k of row.keys) {
    try {
      if (!isClientKeyAlg(k.a)) throw new Error(`alg ${String(k.a)}`);
      keys.push(toVerificationKey({ kid: k.k, alg: k.a, thumbprint: k.t, jwk: k.j }));
    } catch (err) {
      log.warn("client key cannot be imported; skipped", { clientId: row.clientId, thumbprint: k.t, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return Object.freeze(keys);
}

/** Estimated bytes of an entry (sizeCalculation): one-byte strings plus measured object overheads. */
function entrySize(entry: Entry, clientId: string): number {
  const c = entry.client;
  if (!c) return ENTRY_OVERHEAD_BYTES / 2 + clientId.length;
  return ENTRY_OVERHEAD_BYTES + 2 * clientId.length + c.appId.length + c.defaultScope.length + c.secrets.length * SECRET_OVERHEAD_BYTES + c.keys.length * KEY_OVERHEAD_BYTES + (c.jwksUri?.length ?? 0) + TEAM_OVERHEAD_BYTES + c.teamSlug.length + c.orgClaims.org_name.length;
}

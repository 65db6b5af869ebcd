// The keys of private_key_jwt clients that publish them at a jwks_uri, cached per application.
//
// - A request for a client whose keys are cached never waits for the network; a due refresh runs
//   in the background (stale-while-revalidate, RFC 5861 §3 by analogy) and the cached keys keep
//   working if it fails.
// - An unknown kid (the client rotated: OpenID Connect Core §10.1.1) refetches, at most once per
//   cooldown per application, so a stream of bogus kids cannot turn Keyport into a traffic
//   generator against the client's server. The same cooldown applies after a failed first fetch.
// - Concurrent requests share one fetch; fetches of one application never hold up another's.
// - Bounded: at most MAX_ENTRIES applications (least recently used first).
import { LRUCache } from "lru-cache";
import { log } from "../log";
import { fetchJwks, type FetchJwksOptions, type FetchedJwks } from "./fetch-jwks";
import { toVerificationKey, type VerificationKey } from "./verification-key";

const MAX_ENTRIES = 10_000;
/** Without a Cache-Control max-age: refresh after 5 minutes. */
const DEFAULT_TTL_MS = 5 * 60_000;
/** Whatever the server says, refresh between these bounds. */
const MIN_TTL_MS = 60_000;
const MAX_TTL_MS = 60 * 60_000;

export class JwksUnavailableError extends Error {
  override name = "JwksUnavailableError";
}

interface Entry {
  uri: string;
  keys: readonly VerificationKey[] | null;
  /** When the keys should be refreshed. */
  refreshAt: number;
  /** Last fetch attempt (success or failure): the cooldown counts from here. */
  attemptedAt: number;
  lastError: string | null;
  inflight: Promise<void> | null;
}

export interface RemoteJwksCacheOptions extends Pick<FetchJwksOptions, "allowPrivate" | "timeoutMs" | "maxBytes"> {
  /** KEYPORT_JWKS_URI_COOLDOWN in ms: at most one kid-miss refetch per application per this. */
  cooldownMs: number;
  /** Tests inject a fetcher; production uses fetchJwks. */
  fetch?: (uri: string, options: FetchJwksOptions) => Promise<FetchedJwks>;
  maxEntries?: number;
}

export class RemoteJwksCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly fetcher: (uri: string, options: FetchJwksOptions) => Promise<FetchedJwks>;
  /** Fetches actually sent (metrics, tests). */
  fetches = 0;

  constructor(private readonly options: RemoteJwksCacheOptions) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries ?? MAX_ENTRIES });
    this.fetcher = options.fetch ?? fetchJwks;
  }

  /**
   * The application's keys: cached ones at once (refreshing in the background when due), or the
   * first fetch. Throws JwksUnavailableError when there are no keys and none can be fetched now.
   */
  async keys(appId: string, uri: string): Promise<readonly VerificationKey[]> {
    let entry = this.entries.get(appId);
    if (!entry || entry.uri !== uri) {
      entry = { uri, keys: null, refreshAt: 0, attemptedAt: 0, lastError: null, inflight: null };
      this.entries.set(appId, entry);
    }
    const now = Date.now();
    if (entry.keys) {
      if (now >= entry.refreshAt && !entry.inflight && now - entry.attemptedAt >= this.options.cooldownMs) void this.load(appId, entry);
      return entry.keys;
    }
    if (entry.inflight) await entry.inflight;
    else if (now - entry.attemptedAt >= this.options.cooldownMs) await this.load(appId, entry);
    if (entry.keys) return entry.keys;
    throw new JwksUnavailableError(entry.lastError ?? "jwks_uri not fetched yet");
  }

  /**
   * A kid (or alg) the cached keys do not have: fetch again unless the cooldown forbids it.
   * Returns the keys after the attempt (possibly unchanged).
   */
  async refetch(appId: string, uri: string): Promise<readonly VerificationKey[]> {
    const entry = this.entries.get(appId);
    if (!entry || entry.uri !== uri) return this.keys(appId, uri);
    if (entry.inflight) await entry.inflight;
    else if (Date.now() - entry.attemptedAt >= this.options.cooldownMs) await this.load(appId, entry);
    if (entry.keys) return entry.keys;
    throw new JwksUnavailableError(entry.lastError ?? "jwks_uri unavailable");
  }

  private load(appId: string, entry: Entry): Promise<void> {
    entry.attemptedAt = Date.now();
    this.fetches++;
    const run = (async () => {
      try {
        const fetched = await this.fetcher(entry.uri, { allowPrivate: this.options.allowPrivate, timeoutMs: this.options.timeoutMs, maxBytes: this.options.maxBytes });
        const ttl = fetched.maxAgeSeconds === null ? DEFAULT_TTL_MS : Math.min(MAX_TTL_MS, Math.max(MIN_TTL_MS, fetched.maxAgeSeconds * 1000));
        entry.keys = fetched.keys.map(toVerificationKey);
        entry.refreshAt = Date.now() + ttl;
        entry.lastError = null;
        if (fetched.skipped.length) log.info("jwks_uri keys skipped", { appId, skipped: fetched.skipped.slice(0, 5) });
      } catch (err) {
        entry.lastError = err instanceof Error ? err.message : String(err);
        // The owner reads this in the logs; the URL is theirs, not a secret.
        log.warn("jwks_uri fetch failed", { appId, jwksUri: entry.uri, error: entry.lastError, keptCachedKeys: entry.keys !== null });
      } finally {
        entry.inflight = null;
      }
    })();
    entry.inflight = run;
    return run;
  }

  /** Forget an application's keys (its jwks_uri changed, or it is gone). */
  forget(appId: string): void {
    this.entries.delete(appId);
  }

  clear(): void {
    this.entries.clear();
  }
}

// Keyport's events at defined points (as oidc-provider's `provider.emit`): usage counting, metrics
// and rate limiting subscribe here instead of being called from every handler. Listeners run
// synchronously and must be cheap; one that throws is logged and never breaks the emitter.
import { log } from "../log";
import type { OAuthErrorCode } from "../oauth/errors";

export type OAuthEndpointName = "token" | "introspection" | "revocation";

export interface KeyportEventMap {
  /** An access token was issued. */
  "token.issued": {
    clientId: string;
    appId: string;
    durationMs: number;
    /** What the request log keeps (lib/request-log): grant, client-auth method, granted scope, source address, path profile. */
    grantType: string;
    authMethod: string;
    scope: string;
    ip: string;
    /** "rfc6749" on the standard endpoint, else the vendor profile's name (KEYPORT_PROFILES). */
    profile: string;
  };
  /** An OAuth endpoint answered with an error. */
  "oauth.error": {
    endpoint: OAuthEndpointName;
    error: OAuthErrorCode;
    status: number;
    durationMs: number;
    appId?: string;
    /** Token endpoint, as far as the request got: for the request log (lib/request-log). */
    ip?: string;
    authMethod?: string;
    grantType?: string;
    scope?: string;
    profile?: string;
  };
  /** An introspection request was answered 200 (RFC 7662 §2.2), the token active or not. */
  "token.introspected": { clientId: string; active: boolean; durationMs: number };
  /** A revocation request was answered 200 — also for unknown or expired tokens (RFC 7009 §2.2). */
  "token.revoked": { clientId: string; durationMs: number };
  /** Client authentication failed (wrong secret, unknown or malformed client_id). */
  "client.auth_failed": { endpoint: OAuthEndpointName; clientId: string; address: string };
  /** A request was refused by a rate limiter. */
  "ratelimit.rejected": { limiter: string };
  /** Client cache: a hit, a miss (database lookup), or a stale entry served during a database outage. */
  "cache.hit": Record<string, never>;
  "cache.miss": Record<string, never>;
  "cache.stale": { clientId: string };
  /** A database operation failed (unreachable, timed out). */
  "db.error": { operation: string; error: string };
  /** Mail: queued, delivered, delivery failed (will be retried or gave up). */
  "mail.queued": { kind: string };
  "mail.sent": { kind: string };
  "mail.failed": { kind: string; final: boolean };
  /** The LISTEN connection for cache invalidation went up or down. */
  "listen.state": { connected: boolean };
}

export type KeyportEventName = keyof KeyportEventMap;
type Listener<K extends KeyportEventName> = (payload: KeyportEventMap[K]) => void;

export class KeyportEvents {
  private readonly listeners = new Map<KeyportEventName, Array<Listener<KeyportEventName>>>();

  on<K extends KeyportEventName>(name: K, listener: Listener<K>): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as Listener<KeyportEventName>);
    this.listeners.set(name, list);
    return () => {
      const l = this.listeners.get(name);
      if (l) this.listeners.set(name, l.filter((x) => x !== listener));
    };
  }

  emit<K extends KeyportEventName>(name: K, payload: KeyportEventMap[K]): void {
    const list = this.listeners.get(name);
    if (!list) return;
    for (const l of list) {
      try {
        l(payload);
      } catch (err) {
        log.error("event listener failed", { event: name, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
}

// What the token path needs to know about a client, cached in memory. Entries are dropped on a
// 'keyport_cache' notification (a database trigger fires one on every change to an application or
// its secrets, whoever made it), so a disable or rotation reaches every instance within moments.
// A TTL bounds staleness should a notification ever be missed.
import type { PrismaClient } from "../generated/prisma/client";

export interface CachedSecret {
  digest: Buffer;
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
}

const TTL_MS = 60_000;
const NEGATIVE_TTL_MS = 5_000;
/** Bounded: random client_ids from an attacker must not grow memory without limit. */
const MAX_ENTRIES = 50_000;

interface Entry {
  value: Promise<CachedClient | null>;
  expires: number;
}

export class ClientCache {
  private readonly byClientId = new Map<string, Entry>();
  private readonly clientIdByAppId = new Map<string, string>();

  constructor(private readonly prisma: PrismaClient) {}

  get(clientId: string): Promise<CachedClient | null> {
    const now = Date.now();
    const hit = this.byClientId.get(clientId);
    if (hit && hit.expires > now) return hit.value;
    if (this.byClientId.size >= MAX_ENTRIES) this.clear();
    const value = this.load(clientId);
    const entry: Entry = { value, expires: now + TTL_MS };
    this.byClientId.set(clientId, entry);
    value.then(
      (c) => {
        if (c) this.clientIdByAppId.set(c.appId, clientId);
        else entry.expires = Math.min(entry.expires, Date.now() + NEGATIVE_TTL_MS);
      },
      () => this.byClientId.get(clientId) === entry && this.byClientId.delete(clientId),
    );
    return value;
  }

  private async load(clientId: string): Promise<CachedClient | null> {
    const app = await this.prisma.application.findUnique({
      where: { clientId },
      select: {
        id: true,
        clientId: true,
        status: true,
        scopes: true,
        audiences: true,
        grantTypes: true,
        tokenLifetime: true,
        secrets: {
          where: { revokedAt: null },
          select: { digest: true, expiresAt: true },
        },
      },
    });
    if (!app) return null;
    return {
      appId: app.id,
      clientId: app.clientId,
      status: app.status,
      scopes: new Set(app.scopes),
      defaultScope: app.scopes.join(" "),
      audiences: app.audiences,
      grantTypes: new Set(app.grantTypes),
      tokenLifetime: app.tokenLifetime,
      secrets: app.secrets.map((s) => ({
        digest: Buffer.from(s.digest, "hex"),
        expiresAt: s.expiresAt ? s.expiresAt.getTime() : null,
      })),
    };
  }

  /** Handle a notification payload: 'client:<clientId>' or 'app:<applicationId>'. */
  invalidate(payload: string): void {
    const i = payload.indexOf(":");
    const kind = payload.slice(0, i);
    const id = payload.slice(i + 1);
    if (kind === "client") this.byClientId.delete(id);
    else if (kind === "app") {
      const clientId = this.clientIdByAppId.get(id);
      if (clientId) this.byClientId.delete(clientId);
    }
  }

  clear(): void {
    this.byClientId.clear();
    this.clientIdByAppId.clear();
  }
}

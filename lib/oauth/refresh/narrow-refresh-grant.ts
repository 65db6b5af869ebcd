// Scope and audience of a refresh request (RFC 6749 §6, RFC 8707 §2.2): they may only narrow
// what the refresh token was granted, and never exceed what the application holds *now* (an admin
// may have taken a scope or an audience away since the token was issued).
import type { CachedClient } from "../../cache/client-cache";
import { SCOPE_TOKEN } from "../../apps/app-schemas";
import { OAuthError } from "../errors";
import type { Params } from "../read-params";
import type { RefreshTokenClaims } from "./refresh-token-codec";

export interface NarrowedGrant {
  /** The access token's scope. */
  scope: string;
  /** The access token's audience. */
  aud: string | string[];
}

function isValidResource(value: string): boolean {
  if (value.includes("#")) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * RFC 6749 §6: "The requested scope MUST NOT include any scope not originally granted … and if
 * omitted is treated as equal to the scope originally granted" — minus what the client no longer
 * holds. A scope beyond either is invalid_scope.
 */
export function narrowRefreshScope(requested: string | undefined, granted: string, client: Pick<CachedClient, "scopes">): string {
  const grantedList = granted.split(" ").filter(Boolean);
  const tokens = requested === undefined ? [] : requested.split(" ").filter(Boolean);
  if (tokens.length === 0) return grantedList.filter((s) => client.scopes.has(s)).join(" ");
  const grantedSet = new Set(grantedList);
  const out: string[] = [];
  for (const t of tokens) {
    if (!SCOPE_TOKEN.test(t)) throw new OAuthError("invalid_scope", "scope is malformed");
    if (!grantedSet.has(t)) throw new OAuthError("invalid_scope", `scope exceeds the refresh token's grant: ${t}`);
    if (!client.scopes.has(t)) throw new OAuthError("invalid_scope", `scope not allowed for this client: ${t}`);
    if (!out.includes(t)) out.push(t);
  }
  return out.join(" ");
}

/**
 * RFC 8707 §2.2: `resource` (and the vendor `audience`) on a refresh request may narrow the
 * audience to some of the grant's; one outside it is invalid_target. Omitted: the grant's
 * audience, minus what the client no longer holds — none left is invalid_grant (the grant is no
 * longer usable as issued; a new client-credentials grant gets the current audiences).
 * `pathDefault`: the audience a vendor profile's path gives tokens by default
 * (lib/oauth/token-claims-hook.ts), which the client holds there without listing it.
 */
export function narrowRefreshAudience(params: Params, granted: string | string[], client: Pick<CachedClient, "audiences">, pathDefault?: string): string | string[] {
  const grantedList = typeof granted === "string" ? [granted] : granted;
  const holds = (a: string) => a === pathDefault || client.audiences.includes(a);
  const requested: string[] = [];
  for (const r of params.resources) {
    if (!isValidResource(r)) throw new OAuthError("invalid_target", "resource must be an absolute URI without a fragment");
    requested.push(r);
  }
  const audience = params.get("audience");
  if (audience !== undefined) requested.push(audience);
  let out: string[];
  if (requested.length === 0) {
    out = grantedList.filter(holds);
    if (out.length === 0) throw new OAuthError("invalid_grant", "the refresh token's audience is no longer allowed for this client");
  } else {
    out = [...new Set(requested)];
    for (const a of out) {
      if (!grantedList.includes(a)) throw new OAuthError("invalid_target", `audience exceeds the refresh token's grant: ${a}`);
      if (!holds(a)) throw new OAuthError("invalid_target", `audience not allowed for this client: ${a}`);
    }
  }
  return out.length === 1 ? out[0]! : out;
}

/** Both rules: what the new access token may carry. */
export function narrowRefreshGrant(
  claims: Pick<RefreshTokenClaims, "scope" | "aud">,
  params: Params,
  client: Pick<CachedClient, "scopes" | "audiences">,
  pathDefaultAudience?: string,
): NarrowedGrant {
  return { scope: narrowRefreshScope(params.get("scope"), claims.scope, client), aud: narrowRefreshAudience(params, claims.aud, client, pathDefaultAudience) };
}

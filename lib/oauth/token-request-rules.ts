// Grant type, scope and audience rules of the token endpoint (RFC 6749 §4.4, §3.3; RFC 8707).
import type { CachedClient } from "../cache/client-cache";
import { SCOPE_TOKEN } from "../apps/app-schemas";
import { invalidRequest, OAuthError } from "./errors";
import type { Params } from "./read-params";

/** The grant types of the default registry (lib/oauth/grants/index.ts). */
const DEFAULT_GRANT_TYPES: ReadonlySet<string> = new Set(["client_credentials"]);

/**
 * RFC 6749 §5.2: missing → invalid_request; not a registered grant (lib/oauth/grants) →
 * unsupported_grant_type; not one this client may use → unauthorized_client. Returns the type.
 */
export function checkGrantType(params: Params, client: CachedClient, supported: { has(type: string): boolean } = DEFAULT_GRANT_TYPES): string {
  const grantType = params.get("grant_type");
  if (grantType === undefined) throw invalidRequest("missing grant_type");
  if (!supported.has(grantType)) {
    throw new OAuthError("unsupported_grant_type", `grant_type ${grantType} is not supported`);
  }
  if (!client.grantTypes.has(grantType)) {
    throw new OAuthError("unauthorized_client", `this client may not use grant_type ${grantType}`);
  }
  return grantType;
}

/** RFC 6749 §3.3: space-delimited; must be a subset of the client's scopes; omitted → all of them. */
export function resolveScope(requested: string | undefined, client: CachedClient): string {
  if (requested === undefined) return client.defaultScope;
  const tokens = requested.split(" ").filter(Boolean);
  if (tokens.length === 0) return client.defaultScope;
  const out: string[] = [];
  for (const t of tokens) {
    if (!SCOPE_TOKEN.test(t)) throw new OAuthError("invalid_scope", "scope is malformed");
    if (!client.scopes.has(t)) throw new OAuthError("invalid_scope", `scope not allowed for this client: ${t}`);
    if (!out.includes(t)) out.push(t);
  }
  return out.join(" ");
}

/** RFC 8707 §2: an absolute URI without a fragment. */
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
 * `resource` (RFC 8707) and/or `audience` (the widely used vendor parameter) select the token's
 * audience; each must be one of the client's audiences, else invalid_target. Omitted → the
 * client's default (first) audience, or what a vendor profile's `defaultAudience` says
 * (lib/oauth/token-claims-hook.ts). Several → `aud` is an array.
 */
export function resolveAudience(params: Params, client: CachedClient, defaultAudience?: (client: CachedClient) => string): string | string[] {
  const requested: string[] = [];
  for (const r of params.resources) {
    if (!isValidResource(r)) throw new OAuthError("invalid_target", "resource must be an absolute URI without a fragment");
    requested.push(r);
  }
  const audience = params.get("audience");
  if (audience !== undefined) requested.push(audience);
  if (requested.length === 0) {
    if (defaultAudience) return defaultAudience(client);
    const def = client.audiences[0];
    if (!def) throw new OAuthError("invalid_target", "this client has no audience configured");
    return def;
  }
  const unique = [...new Set(requested)];
  for (const a of unique) {
    if (!client.audiences.includes(a)) throw new OAuthError("invalid_target", `audience not allowed for this client: ${a}`);
  }
  return unique.length === 1 ? unique[0]! : unique;
}

// What a vendor profile (lib/oauth/profiles) changes in the access tokens issued on its path. The
// RFC 9068 §2.2 claims stay as they are (lib/oauth/issue-access-token.ts adds extra claims after
// them and never lets one replace them); only the audience a request did not ask for may differ.
import type { CachedClient } from "../cache/client-cache";

export interface TokenClaimsHook {
  /**
   * The `aud` of a token whose request named no `audience` or `resource` (RFC 8707 §2); without a
   * hook it is the client's default (first) audience.
   */
  readonly defaultAudience?: (client: CachedClient) => string;
  /** Claims beside RFC 9068's, the same object for every token (built once, never per request). */
  readonly extraClaims?: Readonly<Record<string, unknown>>;
}

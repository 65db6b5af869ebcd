// The grant types an application may use at the token endpoint: its grantTypes column, with
// refresh_token following the application's refresh-token flag — turning the flag on allows the
// grant, turning it off refuses it (unauthorized_client) for every token already issued. One
// switch, so the two can never disagree. Applied once per cache load (lib/cache/client-cache.ts).
export const REFRESH_TOKEN_GRANT = "refresh_token";

export function effectiveGrantTypes(grantTypes: readonly string[], refreshTokens: boolean): string[] {
  const others = grantTypes.filter((g) => g !== REFRESH_TOKEN_GRANT);
  return refreshTokens ? [...others, REFRESH_TOKEN_GRANT] : others;
}

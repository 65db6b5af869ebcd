/**
 * The scope the registration form pre-selects (KEYPORT_DEFAULT_SCOPE): only one an owner may
 * request and get without an approval, so a pre-ticked box never makes a first app pending.
 * `scopes` are the registration options (retired ones are already left out).
 */
export function pickDefaultScope(scopes: ReadonlyArray<{ name: string; requiresApproval: boolean }>, configured: string): string | null {
  const name = configured.trim();
  if (!name) return null;
  const scope = scopes.find((s) => s.name === name);
  return scope && !scope.requiresApproval ? scope.name : null;
}

// Who is asking, for authorization (lib/teams/authorize.ts): a signed-in person, or an application
// acting for its own team with one of Keyport's access tokens (the automation API, lib/api).
export type Principal =
  | { kind: "user"; userId: string }
  /** An application acting for its team: it may act on that team only (scopes narrow it further, at the API). */
  | { kind: "app"; appId: string; teamId: string };

export function userPrincipal(userId: string): Principal {
  return { kind: "user", userId };
}

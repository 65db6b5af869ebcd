// Who calls the automation API: an application, authenticated by one of Keyport's own access
// tokens (lib/api/authenticate-api-request.ts). Its `kind`/`appId` are the shape of the teams
// principal (lib/teams/authorize.ts), so team-scoped routes can hand it to requireAppAccess.

/** The scopes that open the automation API (migration 20261201102711 puts them in the catalog). */
export const MANAGEMENT_SCOPES = {
  "keyport:apps:read": "Read your team's applications, usage and request log",
  "keyport:apps:write": "Register, update, disable and delete your team's applications; rotate and revoke secrets; manage keys",
  "keyport:teams:write": "Manage your team's members and invitations",
  "keyport:admin": "Admin operations: approvals, scope and audience catalogs, signing keys, audit log (needs an admin's approval)",
} as const;
export type ManagementScope = keyof typeof MANAGEMENT_SCOPES;

/** The audience (RFC 8707 resource) a token must carry to be accepted by the API. */
export const MANAGEMENT_AUDIENCE = "urn:keyport:management";

export interface ApiPrincipal {
  readonly kind: "app";
  readonly appId: string;
  /** The team the application belongs to: the API acts for it (lib/teams/authorize.ts). */
  readonly teamId: string;
  readonly clientId: string;
  /** The token's scopes that the application still holds (an admin may have removed one since). */
  readonly scopes: ReadonlySet<string>;
  /** The token's jti and expiry (seconds since the epoch). */
  readonly tokenId: string;
  readonly tokenExpiresAt: number;
  /** RFC 9449: the token was DPoP-bound and the request carried a valid proof for it. */
  readonly dpopBound: boolean;
}

// What the portal, admin console and CLI show of an application: an allow-list of fields.
import type { Prisma } from "../generated/prisma/client";

export const appSummarySelect = {
  id: true,
  clientId: true,
  name: true,
  description: true,
  status: true,
  statusReason: true,
  scopes: true,
  audiences: true,
  grantTypes: true,
  tokenLifetime: true,
  secretTtlSeconds: true,
  createdAt: true,
  updatedAt: true,
  lastTokenAt: true,
  /** client_secret or private_key_jwt (RFC 7523 §2.2), its jwks_uri, and RFC 9449 "require DPoP". */
  authMethod: true,
  jwksUri: true,
  requireDpop: true,
  /** Who registered it. */
  owner: { select: { id: true, email: true } },
  /** The team that owns it: membership in it is what grants access (lib/teams/authorize.ts). */
  team: { select: { id: true, slug: true, name: true, personalUserId: true } },
} satisfies Prisma.ApplicationSelect;

export type AppSummary = Prisma.ApplicationGetPayload<{ select: typeof appSummarySelect }>;

export const secretSummarySelect = {
  id: true,
  hint: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
} satisfies Prisma.ClientSecretSelect;

export type SecretSummary = Prisma.ClientSecretGetPayload<{ select: typeof secretSummarySelect }>;

export type SecretState = "active" | "expiring" | "expired" | "revoked";

export function secretState(s: Pick<SecretSummary, "expiresAt" | "revokedAt">, now = new Date()): SecretState {
  if (s.revokedAt) return "revoked";
  if (s.expiresAt && s.expiresAt <= now) return "expired";
  if (s.expiresAt) return "expiring";
  return "active";
}

// What the portal, admin console and CLI show of a registered client key: an allow-list of
// fields (the JWK itself is public, but nobody needs more than its identity to manage it).
import type { Prisma } from "../generated/prisma/client";
import type { ClientKeyAlg, ClientKeyType } from "./client-key-algs";
import type { ClientKeyPreview } from "./validate-public-jwk";

export const clientKeySelect = {
  id: true,
  kid: true,
  alg: true,
  thumbprint: true,
  jwk: true,
  createdAt: true,
} satisfies Prisma.ClientKeySelect;

type ClientKeyRow = Prisma.ClientKeyGetPayload<{ select: typeof clientKeySelect }>;

export interface ClientKeyView extends ClientKeyPreview {
  id: string;
  createdAt: Date;
}

export function clientKeyView(row: ClientKeyRow): ClientKeyView {
  const jwk = (row.jwk ?? {}) as { kty?: string; crv?: string };
  return {
    id: row.id,
    kid: row.kid,
    alg: (row.alg ?? "RS256") as ClientKeyAlg,
    kty: (jwk.kty ?? "RSA") as ClientKeyType,
    ...(jwk.crv ? { crv: jwk.crv } : {}),
    thumbprint: row.thumbprint,
    createdAt: row.createdAt,
  };
}

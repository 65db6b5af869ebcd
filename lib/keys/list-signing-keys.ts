import type { PrismaClient } from "../generated/prisma/client";

export interface SigningKeySummary {
  kid: string;
  alg: string;
  status: "active" | "retired";
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
  /** When a retired key leaves the JWKS (null for the active key). */
  expiresAt: Date | null;
  inJwks: boolean;
}

export async function listSigningKeys(prisma: PrismaClient, now = new Date()): Promise<SigningKeySummary[]> {
  const keys = await prisma.signingKey.findMany({
    orderBy: { createdAt: "desc" },
    select: { kid: true, alg: true, status: true, createdAt: true, activatedAt: true, retiredAt: true, expiresAt: true },
  });
  return keys.map((k) => ({ ...k, inJwks: k.status === "active" || (k.expiresAt !== null && k.expiresAt > now) }));
}

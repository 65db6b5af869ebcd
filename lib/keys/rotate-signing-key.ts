import type { PrismaClient } from "../generated/prisma/client";
import type { SigningAlg } from "../config/env";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { generateSigningKey } from "./signing-key-material";

/** Clock-skew allowance added to a retired key's stay in the JWKS. */
export const JWKS_RETENTION_MARGIN_S = 300;

/**
 * Make a new key current and retire the previous one. The retired key stays in the JWKS until
 * every token it may have signed has expired: retirement + the longest access-token lifetime
 * any application has + a clock-skew margin.
 */
export async function rotateSigningKey(
  prisma: PrismaClient,
  root: Buffer,
  alg: SigningAlg,
  actor: Actor,
  defaultTtl: number,
): Promise<{ kid: string; alg: SigningAlg; retired: string[] }> {
  const key = await generateSigningKey(root, alg); // outside the transaction: RSA generation is slow
  return prisma.$transaction(async (tx) => {
    // Serialise rotations across instances and the CLI.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(7021802323059995253)`);
    const now = new Date();
    const longest = await tx.application.aggregate({ _max: { tokenLifetime: true } });
    const ttl = Math.max(longest._max.tokenLifetime ?? 0, defaultTtl);
    const expiresAt = new Date(now.getTime() + (ttl + JWKS_RETENTION_MARGIN_S) * 1000);
    const current = await tx.signingKey.findMany({ where: { status: "active" }, select: { kid: true } });
    await tx.signingKey.updateMany({
      where: { status: "active" },
      data: { status: "retired", retiredAt: now, expiresAt },
    });
    await tx.signingKey.create({
      data: {
        kid: key.kid,
        alg: key.alg,
        publicJwk: key.publicJwk as object,
        privateKey: key.sealedPrivateKey,
        status: "active",
        activatedAt: now,
      },
    });
    const retired = current.map((k) => k.kid);
    await recordAuditEvent(tx, actor, {
      action: "key.rotate",
      targetType: "signing_key",
      targetId: key.kid,
      details: { alg, retired, retiredKeysLeaveJwksAt: retired.length ? expiresAt.toISOString() : null },
    });
    return { kid: key.kid, alg, retired };
  });
}

/**
 * At start-up: make sure there is an active key of the configured algorithm (first start, or the
 * operator changed KEYPORT_SIGNING_ALG). Safe when several instances start at once.
 */
export async function ensureSigningKey(
  prisma: PrismaClient,
  root: Buffer,
  alg: SigningAlg,
  actor: Actor,
  defaultTtl: number,
): Promise<void> {
  const active = await prisma.signingKey.findFirst({ where: { status: "active" }, select: { alg: true } });
  if (active?.alg === alg) return;
  // Re-check under the lock so two instances do not both rotate.
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(7021802323059995253)`);
  });
  const again = await prisma.signingKey.findFirst({ where: { status: "active" }, select: { alg: true } });
  if (again?.alg === alg) return;
  await rotateSigningKey(prisma, root, alg, actor, defaultTtl);
}

import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { SigningAlg } from "../config/env";
import type { Actor } from "../audit/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { generateSigningKey, type GeneratedKey } from "./signing-key-material";

/** Clock-skew allowance added to a retired key's stay in the JWKS. */
export const JWKS_RETENTION_MARGIN_S = 300;

/** Serialises rotations across instances and the CLI (transaction-scoped: released at commit). */
const ROTATION_LOCK = "SELECT pg_advisory_xact_lock(7021802323059995253)";

export interface RotatedSigningKey {
  kid: string;
  alg: SigningAlg;
  retired: string[];
}

/**
 * Inside a transaction that holds ROTATION_LOCK: make `key` current and retire the previous one.
 * The retired key stays in the JWKS until every token it may have signed has expired: retirement +
 * the longest access-token lifetime any application has + a clock-skew margin.
 */
async function activateKey(tx: Prisma.TransactionClient, key: GeneratedKey, actor: Actor, defaultTtl: number): Promise<RotatedSigningKey> {
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
    details: { alg: key.alg, retired, retiredKeysLeaveJwksAt: retired.length ? expiresAt.toISOString() : null },
  });
  return { kid: key.kid, alg: key.alg, retired };
}

/** Make a new key current and retire the previous one (the CLI's `keys rotate`). */
export async function rotateSigningKey(
  prisma: PrismaClient,
  root: Buffer,
  alg: SigningAlg,
  actor: Actor,
  defaultTtl: number,
): Promise<RotatedSigningKey> {
  const key = await generateSigningKey(root, alg); // outside the transaction: RSA generation is slow
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(ROTATION_LOCK);
    return activateKey(tx, key, actor, defaultTtl);
  });
}

/**
 * At start-up: make sure there is an active key of the configured algorithm (first start, or the
 * operator changed KEYPORT_SIGNING_ALG). Safe when several instances start at once: the re-check
 * and the rotation run in ONE transaction holding the rotation lock, so the second instance waits
 * for the first to commit, then sees its key and does nothing. (Re-checking under the lock and
 * rotating after releasing it let both rotate.) The key is generated before taking the lock —
 * RSA generation takes a while, and other instances should not wait for it — and discarded if
 * another instance got there first.
 */
export async function ensureSigningKey(
  prisma: PrismaClient,
  root: Buffer,
  alg: SigningAlg,
  actor: Actor,
  defaultTtl: number,
): Promise<RotatedSigningKey | null> {
  const active = await prisma.signingKey.findFirst({ where: { status: "active" }, select: { alg: true } });
  if (active?.alg === alg) return null;
  const key = await generateSigningKey(root, alg);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(ROTATION_LOCK);
    const again = await tx.signingKey.findFirst({ where: { status: "active" }, select: { alg: true } });
    if (again?.alg === alg) return null;
    return activateKey(tx, key, actor, defaultTtl);
  });
}

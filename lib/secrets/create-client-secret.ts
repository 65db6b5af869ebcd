import type { Prisma } from "../generated/prisma/client";
import { digestSecretHex, generateClientSecret, secretHint } from "../crypto/credentials";
import { secretSummarySelect, type SecretSummary } from "../apps/app-view";

/**
 * Create a new secret for an application inside the caller's transaction. Returns the plaintext
 * once: only its keyed digest and a 4-character hint are stored.
 */
export async function createClientSecret(
  tx: Prisma.TransactionClient,
  pepper: Buffer,
  applicationId: string,
  ttlSeconds: number | null,
  now = new Date(),
): Promise<{ clientSecret: string; secret: SecretSummary }> {
  const clientSecret = generateClientSecret();
  const secret = await tx.clientSecret.create({
    data: {
      applicationId,
      digest: digestSecretHex(pepper, clientSecret),
      hint: secretHint(clientSecret),
      createdAt: now,
      expiresAt: ttlSeconds ? new Date(now.getTime() + ttlSeconds * 1000) : null,
    },
    select: secretSummarySelect,
  });
  return { clientSecret, secret };
}

// Key material for signing access tokens: generation, sealing at rest, loading.
import crypto from "node:crypto";
import { promisify } from "node:util";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import type { SigningAlg } from "../config/env";
import { open, seal } from "../crypto/seal";

const SEAL_PURPOSE = "signing-key";

export interface GeneratedKey {
  kid: string;
  alg: SigningAlg;
  publicJwk: JWK;
  /** Sealed PKCS#8 PEM: what goes into the database. */
  sealedPrivateKey: string;
}

const generateKeyPair = promisify(crypto.generateKeyPair);

/**
 * The callback form of generateKeyPair runs on libuv's thread pool: a 2048-bit RSA key takes tens
 * to hundreds of milliseconds, during which the synchronous form held the event loop (and every
 * request this process was serving).
 */
function generatePair(alg: SigningAlg): Promise<crypto.KeyPairKeyObjectResult> {
  switch (alg) {
    case "RS256":
      return generateKeyPair("rsa", { modulusLength: 2048 });
    case "ES256":
      return generateKeyPair("ec", { namedCurve: "P-256" });
    case "EdDSA":
      return generateKeyPair("ed25519");
  }
}

export async function generateSigningKey(root: Buffer, alg: SigningAlg): Promise<GeneratedKey> {
  const { publicKey, privateKey } = await generatePair(alg);
  const jwk = await exportJWK(publicKey);
  // RFC 7638 thumbprint as kid: stable, derived from the key, unique in practice.
  const kid = await calculateJwkThumbprint(jwk);
  const publicJwk: JWK = { ...jwk, kid, alg, use: "sig" };
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  return { kid, alg, publicJwk, sealedPrivateKey: seal(root, SEAL_PURPOSE, pem) };
}

export function openPrivateKey(root: Buffer, sealed: string): crypto.KeyObject {
  return crypto.createPrivateKey(open(root, SEAL_PURPOSE, sealed));
}

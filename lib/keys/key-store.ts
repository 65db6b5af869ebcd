// In-memory view of the signing keys for the hot path: the active signer, the JWKS body and the
// public keys introspection verifies with. Loaded once, dropped on a 'signingkey' notification.
import crypto from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import type { SigningAlg } from "../config/env";
import { createJwtSigner, type JwtSigner } from "../oauth/sign-jwt";
import { openPrivateKey } from "./signing-key-material";

export interface PublicKeyEntry {
  kid: string;
  alg: SigningAlg;
  key: crypto.KeyObject;
}

interface Snapshot {
  signer: JwtSigner;
  jwksBody: string;
  publicKeys: Map<string, PublicKeyEntry>;
  /** The earliest moment a retired key leaves the JWKS: the snapshot is stale after it. */
  validUntil: number;
}

export class KeyStore {
  private snapshot: Promise<Snapshot> | null = null;
  /** The snapshot `snapshot` resolved to, while it is current: the hot path reads it without awaiting. */
  private settled: Snapshot | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly root: Buffer,
  ) {}

  invalidate(): void {
    this.snapshot = null;
    this.settled = null;
  }

  /**
   * The active signer if it is loaded and current, else undefined (then use signer()). Lets the
   * token path skip two promise hops per request.
   */
  signerNow(): JwtSigner | undefined {
    const s = this.settled;
    if (s && s.validUntil > Date.now()) return s.signer;
    return undefined;
  }

  private async load(): Promise<Snapshot> {
    const now = new Date();
    const keys = await this.prisma.signingKey.findMany({
      where: { OR: [{ status: "active" }, { expiresAt: { gt: now } }] },
      omit: { privateKey: false },
      orderBy: { activatedAt: "desc" },
    });
    const active = keys.find((k) => k.status === "active");
    if (!active) throw new Error("no active signing key (run `keyport keys rotate`)");
    const signer = createJwtSigner(active.kid, active.alg as SigningAlg, openPrivateKey(this.root, active.privateKey));
    const publicKeys = new Map<string, PublicKeyEntry>();
    for (const k of keys) {
      publicKeys.set(k.kid, {
        kid: k.kid,
        alg: k.alg as SigningAlg,
        key: crypto.createPublicKey({ key: k.publicJwk as crypto.JsonWebKey, format: "jwk" }),
      });
    }
    const expiries = keys.filter((k) => k.status === "retired" && k.expiresAt).map((k) => k.expiresAt!.getTime());
    return {
      signer,
      jwksBody: JSON.stringify({ keys: keys.map((k) => k.publicJwk) }),
      publicKeys,
      validUntil: expiries.length ? Math.min(...expiries) : Number.POSITIVE_INFINITY,
    };
  }

  private async current(): Promise<Snapshot> {
    let s = this.snapshot;
    if (s) {
      const snap = await s;
      if (snap.validUntil > Date.now()) return snap;
      this.snapshot = null;
      this.settled = null;
    }
    s = this.snapshot ??= this.load();
    try {
      const snap = await s;
      if (this.snapshot === s) this.settled = snap; // not one an invalidation replaced meanwhile
      return snap;
    } catch (err) {
      if (this.snapshot === s) this.snapshot = null; // do not cache a failure
      throw err;
    }
  }

  async signer(): Promise<JwtSigner> {
    return (await this.current()).signer;
  }

  async jwksBody(): Promise<string> {
    return (await this.current()).jwksBody;
  }

  /** Algorithms of the keys in the JWKS (the active one first): what a token may be signed with. */
  async algorithms(): Promise<SigningAlg[]> {
    const snap = await this.current();
    return [...new Set([snap.signer.alg, ...[...snap.publicKeys.values()].map((k) => k.alg)])];
  }

  async publicKey(kid: string): Promise<PublicKeyEntry | undefined> {
    return (await this.current()).publicKeys.get(kid);
  }
}

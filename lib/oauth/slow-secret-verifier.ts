// The slow path of client-secret authentication, for clients whose secrets were imported short and
// are stored with scrypt (lib/crypto/slow-hash.ts, lib/secrets/hash-imported-secret.ts). It runs
// only when no HMAC digest matched and the client has such a secret, so every other client's token
// request stays exactly as it was.
//
// - Bounded: at most `maxConcurrent` scrypt checks run at once (each is 40 ms of one core and
//   16 MiB), at most `maxQueued` wait; beyond that a request gets 503 temporarily_unavailable with
//   Retry-After instead of a queue that grows — a flood of wrong secrets cannot eat the CPU (and
//   failed authentications are rate-limited per client and address before they get here).
// - Remembered: after a successful check the process keeps HMAC(random per-process key,
//   appId ‖ HMAC(pepper, secret)) → secret id in a bounded LRU, so the client's next requests cost
//   one more HMAC, not another scrypt. The key never leaves memory, so the entries are useless
//   outside this process. An entry counts only while its secret id is still among the client's
//   live secrets: a rotation past its grace, a revocation or an expiry (the client cache reloads on
//   every change) ends it at once.
import crypto from "node:crypto";
import os from "node:os";
import { LRUCache } from "lru-cache";
import type { CachedClient, CachedSecret } from "../cache/client-cache";
import { verifySlowHash } from "../crypto/slow-hash";
import { OAuthError } from "./errors";

export interface SlowSecretVerifierOptions {
  /** Slow checks running at once (default: the machine's cores). */
  maxConcurrent?: number;
  /** Checks allowed to wait for a slot (default 64); more → 503. */
  maxQueued?: number;
  /** Remembered secrets (default 100,000 ≈ 15 MB). */
  maxRemembered?: number;
}

/** Seconds a client should wait when every slow-check slot is taken. */
const BUSY_RETRY_AFTER_SECONDS = 1;

export function slowChecksBusy(): OAuthError {
  return new OAuthError("temporarily_unavailable", "too many client authentications in progress; retry shortly", 503, {
    "Retry-After": String(BUSY_RETRY_AFTER_SECONDS),
  });
}

export class SlowSecretVerifier {
  private readonly key = crypto.randomBytes(32);
  private readonly remembered: LRUCache<string, string>;
  private readonly maxConcurrent: number;
  private readonly maxQueued: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Slow checks run so far (tests and metrics: a repeat request must not add one). */
  checks = 0;

  constructor(options: SlowSecretVerifierOptions = {}) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? os.availableParallelism());
    this.maxQueued = Math.max(0, options.maxQueued ?? 64);
    this.remembered = new LRUCache({ max: options.maxRemembered ?? 100_000 });
  }

  /**
   * Does `presented` — HMAC-SHA-256(pepper, secret), as the fast path computed it — match one of
   * the client's live scrypt secrets? Throws 503 temporarily_unavailable when too many checks wait.
   */
  async verify(client: CachedClient, presented: Buffer, now = Date.now()): Promise<boolean> {
    let live: CachedSecret[] | null = null;
    for (const s of client.secrets) {
      if (s.slowHash !== undefined && (s.expiresAt === null || s.expiresAt > now)) (live ??= []).push(s);
    }
    if (!live) return false;
    const memo = crypto.createHmac("sha256", this.key).update(client.appId).update("\0").update(presented).digest("base64url");
    const rememberedId = this.remembered.get(memo);
    if (rememberedId !== undefined) {
      if (live.some((s) => s.id === rememberedId)) return true;
      this.remembered.delete(memo); // that secret is no longer live
    }
    for (const s of live) {
      if (await this.limited(() => verifySlowHash(presented, s.slowHash!))) {
        this.remembered.set(memo, s.id);
        return true;
      }
    }
    return false;
  }

  /** Remembered entries (tests). */
  get size(): number {
    return this.remembered.size;
  }

  private async limited<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxQueued) throw slowChecksBusy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    // Here we hold a slot: taken above, or handed over by the check that finished.
    try {
      this.checks++;
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * The process's verifier: the remembered digests are per process by design (their key is random
 * at start-up), like the client cache they complement.
 */
export const processSlowSecretVerifier = new SlowSecretVerifier();

// `Idempotency-Key` on POSTs (draft-ietf-httpapi-idempotency-key-header; as Stripe's API does):
// the first request with a key claims it — one INSERT … ON CONFLICT DO NOTHING into ApiIdempotency,
// keyed by (calling application, key), so it holds across instances — runs, and its answer is
// stored (sealed at rest: it may carry a secret meant for this caller only). A repeat gets that
// answer again with `Idempotent-Replayed: true`, without acting twice; the same key with another
// method, path or body is 422; a repeat while the first still runs is 409. Answers are kept 24 h.
// A failed request (any error answer) releases its key, so the client may retry with it.
import crypto from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { open, seal } from "../crypto/seal";
import { log } from "../log";
import { ApiProblem } from "./problem";

/** How long a stored answer is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A claim older than this without an answer belongs to a request that died: the key may be reused. */
export const IDEMPOTENCY_ABANDONED_MS = 60_000;
const PURGE_INTERVAL_MS = 3_600_000;
const SEAL_PURPOSE = "api-idempotency";
/** status of a claimed key whose request has not answered yet. */
const IN_FLIGHT = 0;

export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * The header's value: the draft makes it a Structured Field string (`"8e03…"`); Stripe-style
 * clients send the bare token. Either way 1–255 visible ASCII characters, else 400.
 */
export function parseIdempotencyKey(raw: string): string {
  let v = raw.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
  if (v.length === 0 || v.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(v)) {
    throw new ApiProblem("bad-request", `Idempotency-Key must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters (no quotes or backslashes).`);
  }
  return v;
}

export interface IdempotentRequest {
  /** The calling application's id. */
  principal: string;
  key: string;
  method: string;
  path: string;
  body: string;
}

export type IdempotencyClaim = { kind: "claimed" } | { kind: "replay"; status: number; body: string };

export interface IdempotencyStore {
  /** Claim the key, or get the stored answer; throws 409 / 422 problems. */
  claim(req: IdempotentRequest): Promise<IdempotencyClaim>;
  /** Store the answer of a claimed key. */
  complete(req: IdempotentRequest, status: number, body: string): Promise<void>;
  /** The request failed: release the key. */
  release(req: IdempotentRequest): Promise<void>;
}

const requestHash = (body: string) => crypto.createHash("sha256").update(body, "utf8").digest("base64url");

export function createIdempotencyStore(prisma: PrismaClient, root: Buffer, now: () => number = Date.now): IdempotencyStore {
  let lastPurge = 0;
  const purge = () => {
    const t = now();
    if (t - lastPurge < PURGE_INTERVAL_MS) return;
    lastPurge = t;
    prisma.apiIdempotency.deleteMany({ where: { createdAt: { lt: new Date(t - IDEMPOTENCY_TTL_MS) } } }).catch((err: unknown) => {
      log.warn("idempotency purge failed", { error: err instanceof Error ? err.message : String(err) });
    });
  };
  const where = (req: IdempotentRequest) => ({ principal_key: { principal: req.principal, key: req.key } });

  const insert = async (req: IdempotentRequest, hash: string): Promise<boolean> => {
    const r = await prisma.apiIdempotency.createMany({
      data: [{ principal: req.principal, key: req.key, method: req.method, path: req.path, requestHash: hash, status: IN_FLIGHT, body: "", createdAt: new Date(now()) }],
      skipDuplicates: true,
    });
    return r.count === 1;
  };

  return {
    async claim(req) {
      purge();
      const hash = requestHash(req.body);
      if (await insert(req, hash)) return { kind: "claimed" };
      const row = await prisma.apiIdempotency.findUnique({ where: where(req) });
      const t = now();
      if (!row) {
        // Released between our INSERT and SELECT: one more try.
        if (await insert(req, hash)) return { kind: "claimed" };
        throw new ApiProblem("idempotency-in-progress", "Another request with this Idempotency-Key is being processed; retry shortly.", { headers: { "Retry-After": "1" } });
      }
      const age = t - row.createdAt.getTime();
      const expired = age > IDEMPOTENCY_TTL_MS;
      const abandoned = row.status === IN_FLIGHT && age > IDEMPOTENCY_ABANDONED_MS;
      if (expired || abandoned) {
        // Take the key over from an answer past its time or a request that never answered — conditionally,
        // so of two requests doing this at once exactly one wins.
        const taken = await prisma.apiIdempotency.updateMany({
          where: { principal: req.principal, key: req.key, createdAt: row.createdAt, status: row.status },
          data: { method: req.method, path: req.path, requestHash: hash, status: IN_FLIGHT, body: "", createdAt: new Date(t) },
        });
        if (taken.count === 1) return { kind: "claimed" };
        throw new ApiProblem("idempotency-in-progress", "Another request with this Idempotency-Key is being processed; retry shortly.", { headers: { "Retry-After": "1" } });
      }
      if (row.method !== req.method || row.path !== req.path || row.requestHash !== hash) {
        throw new ApiProblem("idempotency-key-reused", "This Idempotency-Key was used for a different request; use a new key for a new request.");
      }
      if (row.status === IN_FLIGHT) {
        throw new ApiProblem("idempotency-in-progress", "The first request with this Idempotency-Key has not finished yet; retry shortly.", { headers: { "Retry-After": "1" } });
      }
      return { kind: "replay", status: row.status, body: open(root, SEAL_PURPOSE, row.body).toString("utf8") };
    },
    async complete(req, status, body) {
      await prisma.apiIdempotency.updateMany({
        where: { principal: req.principal, key: req.key, status: IN_FLIGHT },
        data: { status, body: seal(root, SEAL_PURPOSE, body) },
      });
    },
    async release(req) {
      await prisma.apiIdempotency.deleteMany({ where: { principal: req.principal, key: req.key, status: IN_FLIGHT } });
    },
  };
}

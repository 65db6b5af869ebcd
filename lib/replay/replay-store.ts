// The replay store as a service: claimOnce (lib/replay/claim-once.ts) on this process's database,
// and the periodic purge of identifiers whose lifetime is over. Built once by the runtime and
// handed to the OAuth server (client-assertion jti, RFC 7523 §3 item 7; DPoP proof jti, RFC 9449 §11.1).
import type { SqlSession } from "../db/database";
import { claimOnce, purgeUsedJtis, replayKey, type ReplayPurpose } from "./claim-once";

export interface ReplayStore {
  /**
   * True the first time (purpose, owner, jti) is seen before `expiresAt`, false on a replay.
   * Database errors propagate: the endpoints answer 503 rather than accept a possible replay.
   */
  claimOnce(purpose: ReplayPurpose, owner: string, jti: string, expiresAt: Date): Promise<boolean>;
  /** Start deleting expired identifiers every `intervalMs`; returns the stop function. */
  startPurge(intervalMs?: number): () => Promise<void>;
}

export function createReplayStore(db: SqlSession): ReplayStore {
  return {
    claimOnce: (purpose, owner, jti, expiresAt) => claimOnce(db, replayKey(purpose, owner, jti), expiresAt),
    startPurge(intervalMs = 600_000) {
      const timer = setInterval(() => {
        purgeUsedJtis(db).catch(() => {});
      }, intervalMs);
      timer.unref();
      return async () => clearInterval(timer);
    },
  };
}

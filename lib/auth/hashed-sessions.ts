// Session tokens stored as digests. The session cookie carries a 256-bit random token; the
// Session table keeps only SHA-256(token), so a read of the database (a backup, a replica, an SQL
// injection elsewhere) yields no usable session. An unkeyed digest is enough because the token is
// uniformly random and far too long to guess (the way GitHub stores its tokens); a keyed one
// would add nothing but a secret to rotate.
//
// Auth.js has no hook for this, so the adapter is wrapped: every session method maps the raw
// token to its digest on the way in, and createSession hands the raw token back (Auth.js sets the
// cookie from createSession's return value, @auth/core lib/actions/callback/index.js).
import { createHash, randomBytes } from "node:crypto";
import type { Adapter } from "next-auth/adapters";

/** hex SHA-256 of the cookie value: what the Session table's sessionToken column holds. */
export function sessionTokenDigest(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** 256 bits from the CSPRNG (Auth.js's default, randomUUID, has 122). */
export function generateSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function withHashedSessionTokens(adapter: Adapter): Adapter {
  const { createSession, getSessionAndUser, updateSession, deleteSession } = adapter;
  if (!createSession || !getSessionAndUser || !updateSession || !deleteSession) {
    throw new Error("the adapter lacks database-session methods");
  }
  return {
    ...adapter,
    async createSession(session) {
      const row = await createSession({ ...session, sessionToken: sessionTokenDigest(session.sessionToken) });
      return { ...row, sessionToken: session.sessionToken };
    },
    async getSessionAndUser(sessionToken) {
      const found = await getSessionAndUser(sessionTokenDigest(sessionToken));
      return found ? { ...found, session: { ...found.session, sessionToken } } : null;
    },
    async updateSession(session) {
      const row = await updateSession({ ...session, sessionToken: sessionTokenDigest(session.sessionToken) });
      return row ? { ...row, sessionToken: session.sessionToken } : row;
    },
    // Auth.js only passes the result to the signOut event, which Keyport does not use.
    async deleteSession(sessionToken) {
      await deleteSession(sessionTokenDigest(sessionToken));
    },
  };
}

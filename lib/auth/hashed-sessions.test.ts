// Session tokens as digests (issue #8 item 9), against a real database: the wrapped Prisma adapter
// stores SHA-256(token) and finds sessions by the raw cookie value only; the migration converts
// rows written before it, so signed-in users stay signed in.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { createMigratedTestDatabase, TEST_DATABASE_URL, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { createEmptyTestDatabase } from "../test-support/empty-test-database";
import { parseConfig } from "../config/env";
import { openDatabase } from "../db/database";
import { migrate, readMigrations } from "../db/migrate";
import { generateSessionToken, sessionTokenDigest, withHashedSessionTokens } from "./hashed-sessions";

const sha256 = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest("hex");

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_sessions");
});
after(async () => t?.drop());

test("generateSessionToken: 256 random bits, base64url", () => {
  const a = generateSessionToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, generateSessionToken());
  assert.equal(sessionTokenDigest("abc"), sha256("abc"));
});

test("the wrapped adapter stores SHA-256(token), answers to the token only, and returns the token to Auth.js", async () => {
  const adapter = withHashedSessionTokens(PrismaAdapter(t.prisma as unknown as Parameters<typeof PrismaAdapter>[0]));
  const user = await t.prisma.user.create({ data: { email: "sess@example.com" } });
  const token = generateSessionToken();
  const expires = new Date(Date.now() + 3600_000);

  const created = await adapter.createSession!({ sessionToken: token, userId: user.id, expires });
  assert.equal(created.sessionToken, token, "Auth.js sets the cookie from this value: it must be the raw token");
  const rows = await t.prisma.session.findMany({ where: { userId: user.id }, select: { sessionToken: true } });
  assert.deepEqual(rows, [{ sessionToken: sha256(token) }]);

  const found = await adapter.getSessionAndUser!(token);
  assert.equal(found?.user.id, user.id);
  assert.equal(found?.session.sessionToken, token);
  assert.equal(await adapter.getSessionAndUser!(sha256(token)), null, "the stored digest is not a credential");

  const later = new Date(Date.now() + 7200_000);
  const updated = await adapter.updateSession!({ sessionToken: token, expires: later });
  assert.equal(updated?.sessionToken, token);
  assert.equal((await t.prisma.session.findUnique({ where: { sessionToken: sha256(token) } }))?.expires.getTime(), later.getTime());

  await adapter.deleteSession!(token);
  assert.equal(await t.prisma.session.count({ where: { userId: user.id } }), 0);
});

test("the migration converts sessions stored before it to digests", async () => {
  const all = readMigrations();
  const index = all.findIndex((m) => m.name.endsWith("_introspectors_session_digests_registration_keys"));
  assert.ok(index > 0, "the session-digest migration exists");
  const secret = crypto.randomBytes(32).toString("base64url");
  let cleanup: () => Promise<void>;
  let config;
  if (TEST_DATABASE_URL) {
    const created = await createEmptyTestDatabase(TEST_DATABASE_URL, "kp_unit_sessmig");
    cleanup = () => created.drop();
    config = parseConfig({
      NODE_ENV: "test",
      DATABASE_URL: created.url,
      KEYPORT_SECRET: secret,
      KEYPORT_ISSUER: "http://127.0.0.1:3000",
      KEYPORT_DEV_OUTBOX: "1",
      KEYPORT_DATA_DIR: path.join(os.tmpdir(), created.name),
      KEYPORT_LOG_LEVEL: "warn",
    });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kp_unit_sessmig-"));
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    config = parseConfig({ NODE_ENV: "test", KEYPORT_SECRET: secret, KEYPORT_DATA_DIR: dir, KEYPORT_LOG_LEVEL: "warn" });
  }
  const db = await openDatabase(config);
  try {
    await migrate(db, all.slice(0, index));
    const token = crypto.randomUUID(); // what Auth.js's default generator wrote before
    await db.query(`INSERT INTO "User" (id, email) VALUES ('u1', 'old@example.com')`);
    await db.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ('s1', $1, 'u1', now() + interval '1 day')`, [token]);
    await migrate(db, all);
    const rows = await db.query<{ sessionToken: string }>(`SELECT "sessionToken" FROM "Session" WHERE id = 's1'`);
    assert.deepEqual(rows, [{ sessionToken: sha256(token) }]);
    // The old cookie still signs the user in through the wrapped adapter.
    const adapter = withHashedSessionTokens(PrismaAdapter(db.prisma as unknown as Parameters<typeof PrismaAdapter>[0]));
    assert.equal((await adapter.getSessionAndUser!(token))?.user.email, "old@example.com");
  } finally {
    await db.close().catch(() => {});
    await cleanup();
  }
});

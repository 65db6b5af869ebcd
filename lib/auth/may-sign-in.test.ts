import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase as createTestDatabase, type MigratedTestDatabase as TestDatabase } from "../test-support/migrated-test-database";
import { maySignIn } from "./may-sign-in";

let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase("kp_portal");
});
after(async () => {
  await tdb?.drop();
});

test("the allow-list admits owners; admins from the environment or the database always get in", async () => {
  const config = { KEYPORT_ALLOWED_EMAILS: ["@example.com"], KEYPORT_ADMIN_EMAILS: ["ops@other.io"] };
  await tdb.prisma.user.create({ data: { email: "flagged@else.io", isAdmin: true } });
  await tdb.prisma.user.create({ data: { email: "plain@else.io" } });
  assert.equal(await maySignIn(tdb.prisma, "dev@example.com", config), true);
  assert.equal(await maySignIn(tdb.prisma, "OPS@other.io", config), true);
  assert.equal(await maySignIn(tdb.prisma, "flagged@else.io", config), true);
  assert.equal(await maySignIn(tdb.prisma, "plain@else.io", config), false);
  assert.equal(await maySignIn(tdb.prisma, "stranger@evil.io", config), false);
  assert.equal(await maySignIn(tdb.prisma, "anyone@anywhere.io", { KEYPORT_ALLOWED_EMAILS: [], KEYPORT_ADMIN_EMAILS: [] }), true);
});

// Registration is idempotent against double submit (issue #8 item 9): one form (one registration
// key) registers one application, however often and however concurrently it is submitted, and
// its secret is returned exactly once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { AlreadyRegisteredError, registerApp, type RegisterAppInput } from "./register-app";
import { AppError } from "../errors/app-error";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_register");
});
after(async () => t?.drop());

function register(input: Partial<RegisterAppInput> & { authMethod?: "client_secret" }) {
  return registerApp(t.prisma, { name: "svc", scopes: ["application.client"], ownerEmail: "o@example.com", ...input }, { type: "user" }, {
    pepper: t.config.secret,
    defaultTokenLifetime: 3600,
    preApproved: false,
  });
}

test("the same registration key twice: one app, one secret; the second call says already registered", async () => {
  const key = "k".repeat(24);
  const first = await register({ name: "Billing sync", registrationKey: key });
  await assert.rejects(register({ name: "Billing sync", registrationKey: key }), (e: unknown) => {
    assert.ok(e instanceof AlreadyRegisteredError);
    assert.equal(e.code, "conflict");
    assert.deepEqual(e.app, { id: first.app.id, name: "Billing sync", clientId: first.app.clientId });
    assert.equal(e.message, "Billing sync is already registered");
    assert.ok(!JSON.stringify(e).includes(first.clientSecret), "no secret the second time");
    return true;
  });
  assert.equal(await t.prisma.application.count({ where: { name: "Billing sync" } }), 1);
  assert.equal(await t.prisma.clientSecret.count({ where: { applicationId: first.app.id } }), 1);
  assert.equal(await t.prisma.auditEvent.count({ where: { action: "app.create", applicationId: first.app.id } }), 1);
});

test("three concurrent submits of one form create exactly one app", async () => {
  const key = "concurrent-key-0123456789";
  const results = await Promise.allSettled([1, 2, 3].map(() => register({ name: "Triple click", registrationKey: key })));
  const ok = results.filter((r) => r.status === "fulfilled");
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  assert.equal(ok.length, 1, JSON.stringify(refused.map((r) => String(r.reason))));
  for (const r of refused) assert.ok(r.reason instanceof AlreadyRegisteredError, String(r.reason));
  assert.equal(await t.prisma.application.count({ where: { name: "Triple click" } }), 1);
});

test("keys are per owner, and no key means no deduplication (CLI, admin)", async () => {
  const key = "shared-key-0123456789abcd";
  await register({ name: "Per owner", ownerEmail: "a@example.com", registrationKey: key });
  await register({ name: "Per owner", ownerEmail: "b@example.com", registrationKey: key });
  await register({ name: "No key" });
  await register({ name: "No key" });
  assert.equal(await t.prisma.application.count({ where: { name: "Per owner" } }), 2);
  assert.equal(await t.prisma.application.count({ where: { name: "No key" } }), 2);
});

test("a malformed key is a field error", async () => {
  await assert.rejects(register({ registrationKey: "short" }), (e: unknown) => e instanceof AppError && "registrationKey" in e.fieldErrors);
});

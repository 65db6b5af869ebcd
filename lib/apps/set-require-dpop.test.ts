// "Require DPoP" (RFC 9449) per application: owner-scoped, audited in the same transaction, a
// no-op when unchanged, and another owner's application is not found (nothing written).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "./register-app";
import { setRequireDpop } from "./set-require-dpop";
import { AppError } from "../errors/app-error";
import { rolesAtLeast } from "../teams/team-roles";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_dpop_toggle");
});
after(async () => t?.drop());

async function register(ownerEmail: string) {
  const { app } = await registerApp(t.prisma, { name: "svc", scopes: ["application.client"], ownerEmail }, { type: "user" }, {
    pepper: t.config.secret,
    defaultTokenLifetime: 3600,
    preApproved: true,
  });
  return app;
}

const audits = (applicationId: string) => t.prisma.auditEvent.findMany({ where: { applicationId, action: "app.require_dpop" }, select: { details: true, actorId: true } });

test("the owner turns it on and off; each change is one audit event, a repeat is a no-op", async () => {
  const app = await register("dpop-owner@example.com");
  const ref = { id: app.id, member: { userId: app.owner.id, roles: rolesAtLeast("developer") } };
  const actor = { type: "user" as const, id: app.owner.id };
  assert.deepEqual(await setRequireDpop(t.prisma, ref, true, actor), { requireDpop: true, changed: true });
  assert.equal((await t.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).requireDpop, true);
  assert.deepEqual(await setRequireDpop(t.prisma, ref, true, actor), { requireDpop: true, changed: false });
  assert.deepEqual(await setRequireDpop(t.prisma, { id: app.clientId, member: { userId: app.owner.id, roles: rolesAtLeast("developer") } }, false, actor), { requireDpop: false, changed: true });
  assert.equal((await t.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).requireDpop, false);
  assert.deepEqual(await audits(app.id), [
    { details: { from: false, to: true }, actorId: app.owner.id },
    { details: { from: true, to: false }, actorId: app.owner.id },
  ]);
});

test("another owner's application is not found and stays unchanged", async () => {
  const app = await register("dpop-victim@example.com");
  const other = await register("dpop-other@example.com");
  await assert.rejects(setRequireDpop(t.prisma, { id: app.id, member: { userId: other.owner.id, roles: rolesAtLeast("developer") } }, true, { type: "user" }), (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, "not_found");
    return true;
  });
  assert.equal((await t.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).requireDpop, false);
  assert.deepEqual(await audits(app.id), []);
});

test("a non-boolean is invalid input", async () => {
  const app = await register("dpop-bad@example.com");
  await assert.rejects(setRequireDpop(t.prisma, { id: app.id }, "yes" as unknown as boolean, { type: "admin" }), (e: unknown) => e instanceof AppError && e.code === "invalid_input");
});

// updateApp against a real database: every field, validation against the catalogs, who may change
// what, one audit event per changed field, no-ops write nothing, another owner's app is not found.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "./register-app";
import { updateApp } from "./update-app";
import { rotateClientSecret } from "../secrets/rotate-client-secret";
import { AppError } from "../errors/app-error";
import type { Actor } from "../audit/actor";

const admin: Actor = { type: "admin", id: "a1", email: "root@example.com" };
let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_update_app");
  await t.prisma.audience.create({ data: { identifier: "https://billing.example.com", name: "Billing" } });
  await t.prisma.audience.create({ data: { identifier: "https://old.example.com", name: "Old", retiredAt: new Date() } });
  await t.prisma.scope.create({ data: { name: "old.scope", description: "Retired", retiredAt: new Date() } });
});
after(async () => t?.drop());

async function register(ownerEmail = "owner@example.com") {
  const { app } = await registerApp(t.prisma, { name: "svc", scopes: ["application.client"], ownerEmail }, { type: "user" }, {
    pepper: t.config.secret,
    defaultTokenLifetime: 3600,
    preApproved: true,
  });
  return app;
}

const audits = (applicationId: string) =>
  t.prisma.auditEvent.findMany({ where: { applicationId, action: { not: "app.create" } }, orderBy: { id: "asc" }, select: { action: true, details: true, actorEmail: true } });

const code = (c: string, field?: string) => (e: unknown) => e instanceof AppError && e.code === c && (!field || field in e.fieldErrors);

test("an admin changes every field at once: one audit event per change", async () => {
  const app = await register();
  const { app: updated, changes } = await updateApp(
    t.prisma,
    { id: app.clientId },
    {
      scopes: ["application.client", "domain.manage"],
      audiences: ["https://billing.example.com", "urn:keyport:api"],
      tokenLifetime: 900,
      refreshTokens: true,
      refreshTokenLifetime: 7 * 86_400,
      secretTtlSeconds: 90 * 86_400,
    },
    admin,
  );
  assert.deepEqual(changes.map((c) => c.field), ["scopes", "audiences", "tokenLifetime", "refreshTokens", "refreshTokenLifetime", "secretTtlSeconds"]);
  assert.deepEqual(updated.scopes, ["application.client", "domain.manage"]);
  assert.deepEqual(updated.audiences, ["https://billing.example.com", "urn:keyport:api"]);
  assert.equal(updated.tokenLifetime, 900);
  assert.equal(updated.refreshTokens, true);
  assert.equal(updated.refreshTokenLifetime, 604_800);
  assert.equal(updated.secretTtlSeconds, 7_776_000);
  const stored = await t.prisma.application.findUniqueOrThrow({ where: { id: app.id } });
  assert.equal(stored.tokenLifetime, 900);
  assert.deepEqual(await audits(app.id), [
    { action: "app.scopes", details: { from: ["application.client"], to: ["application.client", "domain.manage"] }, actorEmail: "root@example.com" },
    { action: "app.audiences", details: { from: ["urn:keyport:api"], to: ["https://billing.example.com", "urn:keyport:api"] }, actorEmail: "root@example.com" },
    { action: "app.token_lifetime", details: { from: 3600, to: 900 }, actorEmail: "root@example.com" },
    { action: "app.refresh_tokens", details: { from: false, to: true }, actorEmail: "root@example.com" },
    { action: "app.refresh_token_lifetime", details: { from: 86_400, to: 604_800 }, actorEmail: "root@example.com" },
    { action: "app.secret_policy", details: { from: null, to: 7_776_000 }, actorEmail: "root@example.com" },
  ]);

  // The same patch again changes nothing and records nothing.
  const again = await updateApp(t.prisma, { id: app.id }, { tokenLifetime: 900, scopes: ["application.client", "domain.manage"] }, admin);
  assert.deepEqual(again.changes, []);
  assert.equal((await audits(app.id)).length, 6);
});

test("bad values are refused with the field, and nothing is written", async () => {
  const app = await register();
  const ref = { id: app.id };
  await assert.rejects(updateApp(t.prisma, ref, { tokenLifetime: 59 }, admin), code("invalid_input", "tokenLifetime"));
  await assert.rejects(updateApp(t.prisma, ref, { tokenLifetime: 86_401 }, admin), code("invalid_input", "tokenLifetime"));
  await assert.rejects(updateApp(t.prisma, ref, { tokenLifetime: 90.5 }, admin), code("invalid_input", "tokenLifetime"));
  await assert.rejects(updateApp(t.prisma, ref, { refreshTokenLifetime: 10 }, admin), code("invalid_input", "refreshTokenLifetime"));
  await assert.rejects(updateApp(t.prisma, ref, { secretTtlSeconds: 60 }, admin), code("invalid_input", "secretTtlSeconds"));
  await assert.rejects(updateApp(t.prisma, ref, { scopes: [] }, admin), code("invalid_input", "scopes"));
  await assert.rejects(updateApp(t.prisma, ref, { scopes: ["no.such.scope"] }, admin), code("invalid_input", "scopes"));
  await assert.rejects(updateApp(t.prisma, ref, { scopes: ["application.client", "old.scope"] }, admin), code("invalid_input", "scopes"));
  await assert.rejects(updateApp(t.prisma, ref, { audiences: ["https://nowhere.example.com"] }, admin), code("invalid_input", "audiences"));
  await assert.rejects(updateApp(t.prisma, ref, { audiences: ["https://old.example.com"] }, admin), code("invalid_input", "audiences"));
  await assert.rejects(updateApp(t.prisma, ref, { audiences: [] }, admin), code("invalid_input", "audiences"));
  // @ts-expect-error an unknown field is refused, not ignored
  await assert.rejects(updateApp(t.prisma, ref, { status: "active" }, admin), code("invalid_input"));
  await assert.rejects(updateApp(t.prisma, { id: "nope" }, { tokenLifetime: 600 }, admin), code("not_found"));
  assert.deepEqual(await audits(app.id), []);
  assert.equal((await t.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).tokenLifetime, 3600);
});

test("a scope or audience the app already holds may stay after it is retired", async () => {
  const app = await register();
  await t.prisma.application.update({ where: { id: app.id }, data: { scopes: ["application.client", "old.scope"], audiences: ["urn:keyport:api", "https://old.example.com"] } });
  const r = await updateApp(t.prisma, { id: app.id }, { scopes: ["old.scope"], audiences: ["https://old.example.com"] }, admin);
  assert.deepEqual(r.app.scopes, ["old.scope"]);
  assert.deepEqual(r.app.audiences, ["https://old.example.com"]);
});

test("people in the portal: only their team's apps, no privileged scopes, no admin-only policies", async () => {
  const app = await register("mine@example.com");
  const person: Actor = { type: "user", id: app.owner.id, email: "mine@example.com" };
  // What requireAppAccess (lib/teams/authorize.ts) hands the portal: scoped to the team and role.
  const mine = { id: app.id, teamId: app.team.id, member: { userId: app.owner.id, roles: ["admin", "developer"] as const } };
  assert.equal((await updateApp(t.prisma, mine, { tokenLifetime: 600 }, person)).app.tokenLifetime, 600);
  await assert.rejects(updateApp(t.prisma, mine, { scopes: ["application.client", "domain.manage"] }, person), code("forbidden", "scopes"));
  await assert.rejects(updateApp(t.prisma, mine, { refreshTokens: true }, person), code("forbidden"));
  await assert.rejects(updateApp(t.prisma, mine, { secretTtlSeconds: 3600 }, person), code("forbidden"));
  await assert.rejects(updateApp(t.prisma, { ...mine, teamId: "another-team" }, { tokenLifetime: 900 }, person), code("not_found"));
  await assert.rejects(updateApp(t.prisma, { ...mine, member: { userId: "someone-else", roles: ["admin"] as const } }, { tokenLifetime: 900 }, person), code("not_found"));
  assert.equal((await t.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).tokenLifetime, 600);
});

test("secret policy: the deployment default, the app's own, and never", async () => {
  const app = await register();
  const now = new Date("2026-12-01T00:00:00Z");
  const issuing = { pepper: t.config.secret, defaultSecretTtl: 90 * 86_400 };
  const rotate = async () => (await rotateClientSecret(t.prisma, { id: app.id }, 0, admin, issuing, now)).secret.expiresAt?.toISOString() ?? null;
  assert.equal(await rotate(), "2027-03-01T00:00:00.000Z");
  await updateApp(t.prisma, { id: app.id }, { secretTtlSeconds: 72 * 3600 }, admin);
  assert.equal(await rotate(), "2026-12-04T00:00:00.000Z");
  await updateApp(t.prisma, { id: app.id }, { secretTtlSeconds: 0 }, admin);
  assert.equal(await rotate(), null);
  await updateApp(t.prisma, { id: app.id }, { secretTtlSeconds: null }, admin);
  assert.equal(await rotate(), "2027-03-01T00:00:00.000Z");
  // Registration takes the deployment default too.
  const reg = await registerApp(t.prisma, { name: "ttl", scopes: ["application.client"], ownerEmail: "ttl@example.com" }, admin, {
    pepper: t.config.secret,
    defaultSecretTtl: 3600,
    defaultTokenLifetime: 3600,
    preApproved: true,
  });
  assert.equal(reg.secret.expiresAt!.getTime() - reg.secret.createdAt.getTime(), 3600_000);
});

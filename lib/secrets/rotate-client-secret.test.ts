import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { cliActor, type Actor } from "../audit/actor";
import { registerApp } from "../apps/register-app";
import { changeAppStatus } from "../apps/change-app-status";
import { getApp } from "../apps/get-app";
import { rotateClientSecret } from "./rotate-client-secret";
import { revokeClientSecret } from "./revoke-client-secret";
import { ClientCache } from "../cache/client-cache";
import { authenticateClient } from "../oauth/authenticate-client";
import { OAuthError } from "../oauth/errors";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_secrets");
});
after(async () => t?.drop());

const actor: Actor = cliActor();
const owner: Actor = { type: "user", id: "u", email: "owner@example.com" };

async function authCode(cache: ClientCache, clientId: string, clientSecret: string, now?: number): Promise<string> {
  cache.clear();
  try {
    await authenticateClient(cache, t.config.secret, { method: "client_secret_basic", clientId, clientSecret }, now);
    return "ok";
  } catch (e) {
    assert.ok(e instanceof OAuthError);
    return e.error;
  }
}

test("registration, rotation with grace, revocation and status changes as the token path sees them", async () => {
  const prisma = t.db.prisma;
  const pepper = t.config.secret;
  const cache = new ClientCache({ db: t.db });
  const reg = await registerApp(prisma, { name: "Sync", ownerEmail: "Owner@Example.com", scopes: ["application.client"] }, actor, {
    pepper,
    defaultTokenLifetime: 900,
    preApproved: true,
  });
  assert.equal(reg.app.status, "active");
  assert.equal(reg.app.owner.email, "owner@example.com");
  assert.deepEqual(reg.app.audiences.length, 1);
  const stored = await prisma.clientSecret.findFirstOrThrow({ where: { applicationId: reg.app.id }, omit: { digest: false } });
  assert.notEqual(stored.digest, reg.clientSecret);
  assert.ok(!JSON.stringify(stored).includes(reg.clientSecret), "the secret is not stored");

  const id = reg.app.clientId;
  assert.equal(await authCode(cache, id, reg.clientSecret), "ok");
  assert.equal(await authCode(cache, id, reg.clientSecret + "x"), "invalid_client");
  assert.equal(await authCode(cache, "kp_unknown", reg.clientSecret), "invalid_client");

  // Rotation with a 1 h grace: both work now; after the grace only the new one.
  const rot = await rotateClientSecret(prisma, { id }, 3600, actor, pepper);
  assert.notEqual(rot.clientSecret, reg.clientSecret);
  assert.equal(await authCode(cache, id, reg.clientSecret), "ok");
  assert.equal(await authCode(cache, id, rot.clientSecret), "ok");
  const later = Date.now() + 3601_000;
  assert.equal(await authCode(cache, id, reg.clientSecret, later), "invalid_client");
  assert.equal(await authCode(cache, id, rot.clientSecret, later), "ok");

  // Revoking the old one ends it at once; grace 0 ends every previous secret.
  const details = await getApp(prisma, { id });
  const old = details.secrets.find((s) => s.hint === reg.secret.hint)!;
  await revokeClientSecret(prisma, { id }, old.id, actor);
  assert.equal(await authCode(cache, id, reg.clientSecret), "invalid_client");
  const rot2 = await rotateClientSecret(prisma, { id }, 0, actor, pepper);
  assert.equal(await authCode(cache, id, rot.clientSecret), "invalid_client");
  assert.equal(await authCode(cache, id, rot2.clientSecret), "ok");

  // Disabled and pending apps are invalid_client even with the right secret.
  await changeAppStatus(prisma, { id }, "disable", actor, "compromised");
  assert.equal(await authCode(cache, id, rot2.clientSecret), "invalid_client");
  await changeAppStatus(prisma, { id }, "enable", actor);
  assert.equal(await authCode(cache, id, rot2.clientSecret), "ok");

  // Owners only reach their own apps.
  await assert.rejects(rotateClientSecret(prisma, { id, teamId: "team_someone-else" }, 0, owner, pepper), /not found/);

  const actions = (await prisma.auditEvent.findMany({ where: { applicationId: reg.app.id }, orderBy: { id: "asc" } })).map((e) => e.action);
  assert.deepEqual(actions, ["app.create", "secret.rotate", "secret.revoke", "secret.rotate", "app.disable", "app.enable"]);
});

test("an owner registering a scope that needs approval gets a pending app; unknown scopes are refused", async () => {
  const prisma = t.db.prisma;
  const opts = { pepper: t.config.secret, defaultTokenLifetime: 900, preApproved: false };
  const r = await registerApp(prisma, { name: "Domains", ownerEmail: "o2@example.com", scopes: ["domain.manage"] }, owner, opts);
  assert.equal(r.app.status, "pending");
  assert.deepEqual(r.pendingScopes, ["domain.manage"]);
  await assert.rejects(registerApp(prisma, { name: "X", ownerEmail: "o2@example.com", scopes: ["nope"] }, owner, opts), (e: unknown) => {
    assert.deepEqual((e as { fieldErrors: Record<string, string[]> }).fieldErrors.scopes, ["Unknown or retired scope: nope"]);
    return true;
  });
});

test("the audit log is append-only", async () => {
  await assert.rejects(t.db.query(`DELETE FROM "AuditEvent"`), /append-only/);
  await assert.rejects(t.db.exec(`TRUNCATE "AuditEvent"`), /append-only/);
  await assert.rejects(t.db.query(`UPDATE "AuditEvent" SET action = 'x'`), /append-only/);
});

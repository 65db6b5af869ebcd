// Registering a private_key_jwt application and managing its keys, on a real, migrated database:
// no secret for such an app; every change audited and mailed in its own transaction; owners
// scoped; conflicts refused.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "../apps/register-app";
import { AppError } from "../errors/app-error";
import type { Actor } from "../audit/actor";
import { addClientKey } from "./add-client-key";
import { removeClientKey } from "./remove-client-key";
import { listClientKeys } from "./list-client-keys";
import { setJwksUri } from "./set-jwks-uri";
import { open } from "../crypto/seal";
import { SEAL_PURPOSE } from "../mail/mailer";
import { rolesAtLeast } from "../teams/team-roles";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_ckeys");
});
after(async () => t?.drop());

const owner: Actor = { type: "user", email: "keys@example.com" };
const jwkText = (kid?: string) => JSON.stringify({ ...crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }), ...(kid ? { kid } : {}) });
const opts = () => ({ secret: t.config.secret, baseUrl: "https://portal.example.test" });
const regOpts = () => ({ pepper: t.config.secret, defaultTokenLifetime: 3600, preApproved: true });

async function keyApp(name: string, ownerEmail = "keys@example.com") {
  const r = await registerApp(t.prisma, { name, scopes: ["application.client"], ownerEmail, authMethod: "private_key_jwt", keys: jwkText("first") }, owner, regOpts());
  if (r.authMethod !== "private_key_jwt") throw new Error("expected a private_key_jwt app");
  return r;
}

async function mailsOf(applicationId: string) {
  const rows = await t.prisma.emailMessage.findMany({ where: { applicationId, kind: "client_key_changed" }, select: { subject: true, to: true, payload: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ subject: r.subject, to: r.to, text: (JSON.parse(open(t.config.secret, SEAL_PURPOSE, r.payload).toString("utf8")) as { text: string }).text }));
}

test("a private_key_jwt app is registered with its keys and no secret at all", async () => {
  const r = await keyApp("Keyed");
  assert.equal(r.clientSecret, null);
  assert.equal(r.secret, null);
  assert.equal(r.keys.length, 1);
  assert.equal(r.keys[0]!.kid, "first");
  assert.equal(r.app.authMethod, "private_key_jwt");
  assert.equal(await t.prisma.clientSecret.count({ where: { applicationId: r.app.id } }), 0);
  const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "app.create", applicationId: r.app.id }, select: { details: true } });
  assert.equal((audit.details as { authMethod: string }).authMethod, "private_key_jwt");
});

test("registration: a jwks_uri instead of keys; exactly one of the two; keys refused for a secret app", async () => {
  const r = await registerApp(t.prisma, { name: "Remote", scopes: ["application.client"], ownerEmail: "keys@example.com", authMethod: "private_key_jwt", jwksUri: "https://client.example.com/jwks.json" }, owner, regOpts());
  assert.equal(r.authMethod, "private_key_jwt");
  assert.equal(r.authMethod === "private_key_jwt" && r.jwksUri, "https://client.example.com/jwks.json");
  assert.equal(r.app.jwksUri, "https://client.example.com/jwks.json");
  const invalid = (input: Record<string, unknown>, field: string) =>
    assert.rejects(registerApp(t.prisma, { name: "Bad", scopes: ["application.client"], ownerEmail: "keys@example.com", ...input }, owner, regOpts()), (e: unknown) => e instanceof AppError && e.code === "invalid_input" && field in e.fieldErrors);
  await invalid({ authMethod: "private_key_jwt" }, "keys");
  await invalid({ authMethod: "private_key_jwt", keys: jwkText(), jwksUri: "https://client.example.com/jwks" }, "keys");
  await invalid({ keys: jwkText() }, "keys");
  await invalid({ authMethod: "private_key_jwt", jwksUri: "http://client.example.com/jwks" }, "jwksUri");
  await invalid({ authMethod: "private_key_jwt", jwksUri: "https://169.254.169.254/latest" }, "jwksUri");
  await invalid({ authMethod: "private_key_jwt", keys: JSON.stringify(crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" })) }, "keys");
  assert.equal(await t.prisma.application.count({ where: { name: "Bad" } }), 0);
});

test("add and remove: audited, the owner mailed in the same transaction, listed oldest first", async () => {
  const r = await keyApp("Rotating");
  const added = await addClientKey(t.prisma, { app: { id: r.app.id, member: { userId: r.app.owner.id, roles: rolesAtLeast("developer") } }, keys: jwkText("second") }, owner, opts());
  assert.deepEqual(added.added.map((k) => k.kid), ["second"]);
  let list = await listClientKeys(t.prisma, { id: r.app.clientId });
  assert.deepEqual(list.keys.map((k) => k.kid), ["first", "second"]);
  assert.equal(list.authMethod, "private_key_jwt");
  const removed = await removeClientKey(t.prisma, { app: { id: r.app.id, member: { userId: r.app.owner.id, roles: rolesAtLeast("developer") } }, key: "first" }, owner, opts());
  assert.equal(removed.removed.kid, "first");
  assert.equal(removed.remaining, 1);
  list = await listClientKeys(t.prisma, { id: r.app.id });
  assert.deepEqual(list.keys.map((k) => k.kid), ["second"]);
  const actions = await t.prisma.auditEvent.findMany({ where: { applicationId: r.app.id, action: { startsWith: "client_key." } }, select: { action: true }, orderBy: { id: "asc" } });
  assert.deepEqual(actions.map((a) => a.action), ["client_key.add", "client_key.remove"]);
  const mails = await mailsOf(r.app.id);
  assert.deepEqual(mails.map((m) => m.subject), ["A key was added to Rotating", "A key was removed from Rotating"]);
  assert.equal(mails[0]!.to, "keys@example.com");
  assert.match(mails[1]!.text, new RegExp(removed.removed.thumbprint));
  assert.match(mails[1]!.text, /https:\/\/portal\.example\.test\/apps\//);
});

test("a failed change leaves neither key, audit row nor mail (one transaction)", async () => {
  const r = await keyApp("Atomic");
  const before = { keys: await t.prisma.clientKey.count(), audit: await t.prisma.auditEvent.count(), mail: await t.prisma.emailMessage.count() };
  // The same key twice: refused.
  const dup = await t.prisma.clientKey.findFirstOrThrow({ where: { applicationId: r.app.id }, select: { jwk: true } });
  await assert.rejects(addClientKey(t.prisma, { app: { id: r.app.id }, keys: JSON.stringify(dup.jwk) }, owner, opts()), (e: unknown) => e instanceof AppError && e.code === "conflict");
  // A kid already used by another key: refused.
  await assert.rejects(addClientKey(t.prisma, { app: { id: r.app.id }, keys: jwkText("first") }, owner, opts()), (e: unknown) => e instanceof AppError && e.code === "conflict");
  assert.deepEqual({ keys: await t.prisma.clientKey.count(), audit: await t.prisma.auditEvent.count(), mail: await t.prisma.emailMessage.count() }, before);
});

test("another owner's application and key are not found; a secret app has no keys to manage", async () => {
  const r = await keyApp("Mine", "mine@example.com");
  const intruder = await t.prisma.user.create({ data: { email: "intruder@example.com" }, select: { id: true } });
  const notFound = (e: unknown) => e instanceof AppError && e.code === "not_found";
  await assert.rejects(addClientKey(t.prisma, { app: { id: r.app.id, member: { userId: intruder.id, roles: rolesAtLeast("developer") } }, keys: jwkText() }, owner, opts()), notFound);
  await assert.rejects(removeClientKey(t.prisma, { app: { id: r.app.id, member: { userId: intruder.id, roles: rolesAtLeast("developer") } }, key: "first" }, owner, opts()), notFound);
  await assert.rejects(listClientKeys(t.prisma, { id: r.app.id, member: { userId: intruder.id, roles: rolesAtLeast("developer") } }), notFound);
  await assert.rejects(removeClientKey(t.prisma, { app: { id: r.app.id }, key: "no-such-key" }, owner, opts()), notFound);
  const secretApp = await registerApp(t.prisma, { name: "Secret", scopes: ["application.client"], ownerEmail: "mine@example.com" }, owner, regOpts());
  await assert.rejects(addClientKey(t.prisma, { app: { id: secretApp.app.id }, keys: jwkText() }, owner, opts()), (e: unknown) => e instanceof AppError && e.code === "conflict");
});

test("setting a jwks_uri replaces the inline keys atomically; clearing it; the rule applies", async () => {
  const r = await keyApp("Switching");
  const policy = { ...opts(), allowPrivate: false };
  const set = await setJwksUri(t.prisma, { app: { id: r.app.id }, jwksUri: "https://client.example.com/keys" }, owner, policy);
  assert.equal(set.changed, true);
  assert.equal(set.removedKeys.length, 1);
  assert.equal(await t.prisma.clientKey.count({ where: { applicationId: r.app.id } }), 0);
  assert.equal((await setJwksUri(t.prisma, { app: { id: r.app.id }, jwksUri: "https://client.example.com/keys" }, owner, policy)).changed, false);
  await assert.rejects(addClientKey(t.prisma, { app: { id: r.app.id }, keys: jwkText() }, owner, opts()), (e: unknown) => e instanceof AppError && e.code === "conflict");
  await assert.rejects(setJwksUri(t.prisma, { app: { id: r.app.id }, jwksUri: "https://10.0.0.7/keys" }, owner, policy), (e: unknown) => e instanceof AppError && "jwksUri" in e.fieldErrors);
  const cleared = await setJwksUri(t.prisma, { app: { id: r.app.id }, jwksUri: null }, owner, policy);
  assert.equal(cleared.jwksUri, null);
  assert.deepEqual((await mailsOf(r.app.id)).map((m) => m.subject), ["The JWKS URL of Switching changed", "The JWKS URL of Switching changed"]);
  await addClientKey(t.prisma, { app: { id: r.app.id }, keys: jwkText() }, owner, opts());
});

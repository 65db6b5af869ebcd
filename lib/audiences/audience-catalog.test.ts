// Audience (API) catalog against real PostgreSQL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "../apps/register-app";
import { AppError } from "../errors/app-error";
import { createAudience } from "./create-audience";
import { updateAudience } from "./update-audience";
import { setDefaultAudience } from "./set-default-audience";
import { listAudiences } from "./list-audiences";
import { listAudienceGrants } from "./list-audience-grants";
import { retireAudience, restoreAudience } from "./retire-audience";
import type { Actor } from "../audit/actor";
import { addAudienceIntrospector } from "./add-audience-introspector";
import { removeAudienceIntrospector } from "./remove-audience-introspector";
import { listAudienceIntrospectors } from "./list-audience-introspectors";
import { IntrospectorCache } from "../cache/introspector-cache";

const admin: Actor = { type: "admin", id: "a1", email: "root@example.com", ip: "127.0.0.1", userAgent: "node:test" };
let t: MigratedTestDatabase;

before(async () => {
  t = await createMigratedTestDatabase();
});
after(async () => {
  await t?.drop();
});

const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

function register(audience?: string) {
  return registerApp(t.prisma, { name: "svc", scopes: ["application.client"], ownerEmail: "o@example.com", audience }, { type: "user" }, {
    pepper: t.config.secret,
    defaultTokenLifetime: 3600,
    preApproved: false,
  });
}

test("create, edit, make default, retire with grants reviewed, restore", async () => {
  await createAudience(t.prisma, { identifier: "https://billing.example.com", name: "Billing API" }, admin);
  await assert.rejects(createAudience(t.prisma, { identifier: "https://billing.example.com", name: "dup" }, admin), isCode("conflict"));
  await assert.rejects(createAudience(t.prisma, { identifier: "not a uri", name: "x" }, admin), (e: unknown) => e instanceof AppError && "identifier" in e.fieldErrors);
  await assert.rejects(createAudience(t.prisma, { identifier: "https://x.example/#frag", name: "x" }, admin), isCode("invalid_input"));

  const edited = await updateAudience(t.prisma, { identifier: "https://billing.example.com", description: "Invoices and payments" }, admin);
  assert.equal(edited.description, "Invoices and payments");

  await setDefaultAudience(t.prisma, "https://billing.example.com", admin);
  const listed = await listAudiences(t.prisma);
  assert.deepEqual(listed.filter((a) => a.isDefault).map((a) => a.identifier), ["https://billing.example.com"]);
  const { app } = await register();
  assert.deepEqual(app.audiences, ["https://billing.example.com"]);

  await assert.rejects(retireAudience(t.prisma, "https://billing.example.com", 1, admin), isCode("conflict")); // the default
  await setDefaultAudience(t.prisma, t.config.KEYPORT_DEFAULT_AUDIENCE, admin);
  const grants = await listAudienceGrants(t.prisma, "https://billing.example.com");
  assert.equal(grants.total, 1);
  assert.equal(grants.apps[0]!.clientId, app.clientId);
  await assert.rejects(retireAudience(t.prisma, "https://billing.example.com", 0, admin), isCode("conflict")); // count not reviewed
  await retireAudience(t.prisma, "https://billing.example.com", 1, admin);
  await assert.rejects(register("https://billing.example.com"), isCode("invalid_input"));
  await assert.rejects(setDefaultAudience(t.prisma, "https://billing.example.com", admin), isCode("conflict"));

  await restoreAudience(t.prisma, "https://billing.example.com", admin);
  assert.deepEqual((await register("https://billing.example.com")).app.audiences, ["https://billing.example.com"]);
  const actions = (await t.prisma.auditEvent.findMany({ where: { targetType: "audience" }, orderBy: { id: "asc" } })).map((e) => e.action);
  assert.deepEqual(actions, ["audience.create", "audience.update", "audience.set_default", "audience.set_default", "audience.retire", "audience.restore"]);
});

test("resource servers allowed to introspect: add, list, remove, audit-logged, cached and invalidated by NOTIFY", async () => {
  await createAudience(t.prisma, { identifier: "https://orders.example.com", name: "Orders API" }, admin);
  const { app: rs } = await register();
  const aud = "https://orders.example.com";
  const cache = new IntrospectorCache(t.prisma);
  const notifications: string[] = [];
  const unlisten = await t.db.listen("keyport_cache", (p) => notifications.push(p));
  try {
    assert.equal(await cache.mayIntrospect(rs.id, [aud]), false);

    const added = await addAudienceIntrospector(t.prisma, { identifier: aud, clientId: rs.clientId }, admin);
    assert.deepEqual(added, { audience: aud, clientId: rs.clientId, applicationId: rs.id, name: "svc", changed: true });
    assert.equal((await addAudienceIntrospector(t.prisma, { identifier: aud, clientId: rs.clientId }, admin)).changed, false);
    assert.deepEqual((await listAudienceIntrospectors(t.prisma, aud)).map((i) => i.clientId), [rs.clientId]);
    await assert.rejects(addAudienceIntrospector(t.prisma, { identifier: aud, clientId: "kp_nope" }, admin), (e: unknown) => e instanceof AppError && e.code === "not_found" && "clientId" in e.fieldErrors);
    await assert.rejects(addAudienceIntrospector(t.prisma, { identifier: "https://nope.example", clientId: rs.clientId }, admin), isCode("not_found"));

    // The trigger announces the change; the runtime turns that into invalidate().
    for (let i = 0; i < 50 && !notifications.includes("audienceintrospector:*"); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(notifications.includes("audienceintrospector:*"), `NOTIFY: ${notifications.join(", ")}`);
    assert.equal(await cache.mayIntrospect(rs.id, [aud]), false, "cached until invalidated");
    cache.invalidate();
    assert.equal(await cache.mayIntrospect(rs.id, [aud]), true);
    assert.equal(await cache.mayIntrospect(rs.id, ["urn:other", aud]), true, "any of the token's audiences");
    assert.equal(await cache.mayIntrospect(rs.id, [t.config.KEYPORT_DEFAULT_AUDIENCE]), false, "only the audiences it was registered for");

    assert.equal((await removeAudienceIntrospector(t.prisma, { identifier: aud, clientId: rs.clientId }, admin)).changed, true);
    assert.equal((await removeAudienceIntrospector(t.prisma, { identifier: aud, clientId: rs.clientId }, admin)).changed, false);
    cache.invalidate();
    assert.equal(await cache.mayIntrospect(rs.id, [aud]), false);
    assert.deepEqual(await listAudienceIntrospectors(t.prisma, aud), []);
    const actions = (await t.prisma.auditEvent.findMany({ where: { targetId: aud, action: { startsWith: "audience.introspector" } }, orderBy: { id: "asc" } })).map((e) => [e.action, e.applicationId]);
    assert.deepEqual(actions, [
      ["audience.introspector_add", rs.id],
      ["audience.introspector_remove", rs.id],
    ]);
  } finally {
    await unlisten();
  }
});

// A team may enable only what the team disabled: on a real migrated database (PGlite, or
// PostgreSQL with TEST_DATABASE_URL), with the audit events the status changes write.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { appActor, cliActor } from "../audit/actor";
import { AppError } from "../errors/app-error";
import { registerApp } from "./register-app";
import { changeAppStatus } from "./change-app-status";
import { ADMIN_DISABLED_MESSAGE, changeAppStatusAsTeam } from "./change-app-status-as-team";

let t: MigratedTestDatabase;
const pipeline = appActor({ clientId: "kp_pipeline" }, { ip: "192.0.2.1" });

before(async () => {
  t = await createMigratedTestDatabase("kp_unit_status_team");
});
after(async () => {
  await t?.drop();
});

async function register(name: string, scopes = ["application.client"], preApproved = true) {
  const r = await registerApp(t.prisma, { name, ownerEmail: "team@example.com", scopes }, cliActor(), { pepper: t.config.secret, defaultTokenLifetime: 600, preApproved });
  return { id: r.app.id, teamId: r.app.team.id };
}

const isForbidden = (err: unknown) => err instanceof AppError && err.code === "forbidden" && err.message === ADMIN_DISABLED_MESSAGE;

test("the team disables and enables its own application, audited with the app as actor", async () => {
  const app = await register("Team-disabled");
  const ref = { id: app.id, teamId: app.teamId };
  assert.equal((await changeAppStatusAsTeam(t.prisma, { ref, action: "disable", reason: "rotating vendors" }, pipeline)).app.status, "disabled");
  assert.equal((await changeAppStatusAsTeam(t.prisma, { ref, action: "enable" }, pipeline)).app.status, "active");
  const events = await t.prisma.auditEvent.findMany({ where: { applicationId: app.id, actorType: "app" }, orderBy: { id: "asc" }, select: { action: true, actorId: true } });
  assert.deepEqual(events, [
    { action: "app.disable", actorId: "kp_pipeline" },
    { action: "app.enable", actorId: "kp_pipeline" },
  ]);
});

test("an administrator's disable stays: the team cannot enable it", async () => {
  const app = await register("Admin-disabled");
  const ref = { id: app.id, teamId: app.teamId };
  await changeAppStatusAsTeam(t.prisma, { ref, action: "disable" }, pipeline);
  // The administrator disables it too (already disabled: no event) — then enables and disables it themself.
  await changeAppStatus(t.prisma, { id: app.id }, "enable", cliActor());
  await changeAppStatus(t.prisma, { id: app.id }, "disable", cliActor(), "abuse");
  await assert.rejects(changeAppStatusAsTeam(t.prisma, { ref, action: "enable" }, pipeline), isForbidden);
  assert.equal((await t.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).status, "disabled");
});

test("a denied registration cannot be enabled by the team (that would skip the approval)", async () => {
  const app = await register("Denied", ["keyport:admin"], false);
  await changeAppStatus(t.prisma, { id: app.id }, "deny", cliActor(), "not for pipelines");
  await assert.rejects(changeAppStatusAsTeam(t.prisma, { ref: { id: app.id, teamId: app.teamId }, action: "enable" }, pipeline), isForbidden);
  // …and a pending one is not "enabled" either: it waits for an admin.
  const pending = await register("Pending", ["keyport:admin"], false);
  await assert.rejects(changeAppStatusAsTeam(t.prisma, { ref: { id: pending.id, teamId: pending.teamId }, action: "enable" }, pipeline), (err: unknown) => err instanceof AppError && err.code === "conflict");
});

test("another team's application is not found", async () => {
  const app = await register("Elsewhere");
  await assert.rejects(changeAppStatusAsTeam(t.prisma, { ref: { id: app.id, teamId: "team_000000000000000000000000" }, action: "disable" }, pipeline), (err: unknown) => err instanceof AppError && err.code === "not_found");
});

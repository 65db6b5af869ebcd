// Secret-expiry reminders against a real database (PostgreSQL with TEST_DATABASE_URL, else PGlite)
// and the real outbox: the clock walks, each reminder is claimed once, who is not reminded.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "../apps/register-app";
import { rotateClientSecret } from "./rotate-client-secret";
import { revokeClientSecret } from "./revoke-client-secret";
import { changeAppStatus } from "../apps/change-app-status";
import { sendDueSecretReminders, type SecretReminderDeps } from "./secret-reminders";
import { Mailer } from "../mail/mailer";
import { cliActor } from "../audit/actor";
import { listExpiringSecrets } from "../admin/list-expiring-secrets";

const H = 3600;
const D = 86_400;
let t: MigratedTestDatabase;
let mailer: Mailer;
let deps: SecretReminderDeps;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_reminders");
  // No transport: the development outbox (rows are written and marked sent, nothing leaves).
  mailer = new Mailer({ prisma: t.prisma, secret: t.config.secret, from: "Keyport <k@example.com>" });
  deps = { db: t.db, mailer, offsets: [7 * D, D, H], baseUrl: "https://keyport.example.com" };
});
after(async () => t?.drop());

const issued = new Date("2026-12-01T00:00:00Z");
const at = (expiresAt: Date, secondsBefore: number) => new Date(expiresAt.getTime() - secondsBefore * 1000);

/** An app whose one secret was issued at `issued` with a 30-day lifetime. */
async function appWithSecret(ownerEmail: string) {
  const reg = await registerApp(t.prisma, { name: `Reminded ${ownerEmail}`, scopes: ["application.client"], ownerEmail }, cliActor(), {
    pepper: t.config.secret,
    defaultTokenLifetime: 3600,
    preApproved: true,
  });
  const rotated = await rotateClientSecret(t.prisma, { id: reg.app.id }, 0, cliActor(), { pepper: t.config.secret, defaultSecretTtl: 30 * D }, issued);
  return { app: reg.app, secret: rotated.secret, expiresAt: rotated.secret.expiresAt! };
}

const mails = (applicationId: string) =>
  t.prisma.emailMessage.findMany({ where: { applicationId, kind: "secret_expiring" }, orderBy: { createdAt: "asc" }, select: { to: true, subject: true, status: true } });
const reminders = (secretId: string) =>
  t.prisma.secretReminder.findMany({ where: { secretId }, orderBy: { offsetSeconds: "desc" }, select: { offsetSeconds: true, outcome: true } });

test("the clock walks 7d → 1d → 1h: each reminder mailed once, with the app, hint and expiry", async () => {
  const { app, secret, expiresAt } = await appWithSecret("walk@example.com");
  assert.equal(expiresAt.toISOString(), "2026-12-31T00:00:00.000Z");
  const subjects: string[] = [];
  for (const before of [8 * D, 7 * D, 7 * D - 60, 3 * D, D, D - 1, 2 * H, H, 60]) {
    await sendDueSecretReminders(deps, at(expiresAt, before));
    await sendDueSecretReminders(deps, at(expiresAt, before)); // a second pass (another instance) adds nothing
    subjects.splice(0, subjects.length, ...(await mails(app.id)).map((m) => m.subject));
  }
  assert.deepEqual(subjects, [
    `Client secret of ${app.name} expires in 7 days`,
    `Client secret of ${app.name} expires in 1 day`,
    `Client secret of ${app.name} expires in 1 hour`,
  ]);
  const rows = await mails(app.id);
  assert.ok(rows.every((m) => m.to === "walk@example.com" && m.status === "sent"));
  assert.deepEqual(await reminders(secret.id), [
    { offsetSeconds: 7 * D, outcome: "sent" },
    { offsetSeconds: D, outcome: "sent" },
    { offsetSeconds: H, outcome: "sent" },
  ]);
  // The body names the hint and expiry and links to the app's page to rotate.
  const body = await t.prisma.emailMessage.findFirstOrThrow({ where: { applicationId: app.id, kind: "secret_expiring" }, omit: { payload: false } });
  const { text } = mailer.readBody(body.payload)!;
  assert.match(text, new RegExp(`…${secret.hint}`));
  assert.match(text, /2026-12-31 00:00 UTC/);
  assert.match(text, new RegExp(`https://keyport\\.example\\.com/apps/${app.id}`));
  // After expiry nothing more.
  assert.equal((await sendDueSecretReminders(deps, at(expiresAt, -60))).mails, 0);
});

test("found late: only the most imminent reminder, the others recorded as skipped", async () => {
  const { app, secret, expiresAt } = await appWithSecret("late@example.com");
  const r = await sendDueSecretReminders(deps, at(expiresAt, 30 * 60));
  assert.ok(r.sent >= 1);
  assert.deepEqual((await mails(app.id)).map((m) => m.subject), [`Client secret of ${app.name} expires in 30 minutes`]);
  assert.deepEqual(await reminders(secret.id), [
    { offsetSeconds: 7 * D, outcome: "skipped" },
    { offsetSeconds: D, outcome: "skipped" },
    { offsetSeconds: H, outcome: "sent" },
  ]);
});

test("two passes racing for the same reminders queue one mail", async () => {
  const { app, expiresAt } = await appWithSecret("race@example.com");
  await Promise.all([sendDueSecretReminders(deps, at(expiresAt, D)), sendDueSecretReminders(deps, at(expiresAt, D)), sendDueSecretReminders(deps, at(expiresAt, D))]);
  assert.equal((await mails(app.id)).length, 1);
});

test("no reminders for revoked secrets, disabled apps, or a secret rotated away in its grace period", async () => {
  const revoked = await appWithSecret("revoked@example.com");
  await revokeClientSecret(t.prisma, { id: revoked.app.id }, revoked.secret.id, cliActor());

  const disabled = await appWithSecret("disabled@example.com");
  await changeAppStatus(t.prisma, { id: disabled.app.id }, "disable", cliActor());

  // Rotated 2 days before expiry with a 7-day grace: the old secret's expiry stays (never
  // lengthened), a new one (no expiry) replaces it. The old one is not worth a reminder.
  const rotated = await appWithSecret("rotated@example.com");
  await rotateClientSecret(t.prisma, { id: rotated.app.id }, 7 * D, cliActor(), t.config.secret, at(rotated.expiresAt, 2 * D));

  for (const before of [7 * D, D, H]) await sendDueSecretReminders(deps, at(revoked.expiresAt, before));
  for (const a of [revoked, disabled, rotated]) {
    assert.deepEqual(await mails(a.app.id), [], a.app.name);
    assert.deepEqual(await reminders(a.secret.id), [], a.app.name);
  }
});

test("a reminder due before the secret was issued is skipped: a 72-hour secret gets 1d and 1h only", async () => {
  const reg = await registerApp(t.prisma, { name: "Short", scopes: ["application.client"], ownerEmail: "short@example.com" }, cliActor(), {
    pepper: t.config.secret,
    defaultTokenLifetime: 3600,
    preApproved: true,
  });
  const { secret } = await rotateClientSecret(t.prisma, { id: reg.app.id }, 0, cliActor(), { pepper: t.config.secret, defaultSecretTtl: 72 * H }, issued);
  const expiresAt = secret.expiresAt!;
  for (const before of [72 * H, 48 * H, D, H]) await sendDueSecretReminders(deps, at(expiresAt, before));
  assert.deepEqual((await mails(reg.app.id)).map((m) => m.subject), [`Client secret of Short expires in 1 day`, `Client secret of Short expires in 1 hour`]);
  assert.deepEqual(await reminders(secret.id), [
    { offsetSeconds: 7 * D, outcome: "skipped" },
    { offsetSeconds: D, outcome: "sent" },
    { offsetSeconds: H, outcome: "sent" },
  ]);
});

test("the admin's expiring-secrets list: the same secrets, soonest first, with the reminders sent", async () => {
  const owner = "listed@example.com";
  const soon = await appWithSecret(owner);
  const now = at(soon.expiresAt, 2 * D);
  await sendDueSecretReminders(deps, now);
  const list = await listExpiringSecrets(t.prisma, { within: "7d" }, now);
  const mine = list.items.find((i) => i.secretId === soon.secret.id);
  assert.ok(mine, "listed");
  assert.equal(mine.ownerEmail, owner);
  assert.equal(mine.hint, soon.secret.hint);
  assert.equal(mine.expiresAt.toISOString(), soon.expiresAt.toISOString());
  assert.deepEqual(mine.reminders.map((r) => [r.offsetSeconds, r.outcome]), [[7 * D, "sent"]]);
  assert.deepEqual(list.items.map((i) => i.expiresAt.getTime()), [...list.items.map((i) => i.expiresAt.getTime())].sort((a, b) => a - b), "soonest first");
  // Revoked, disabled and rotated-away secrets from the earlier tests are not listed.
  const names = list.items.map((i) => i.app.name);
  for (const excluded of ["revoked@example.com", "disabled@example.com", "rotated@example.com"]) assert.ok(!names.includes(`Reminded ${excluded}`), excluded);
  assert.equal((await listExpiringSecrets(t.prisma, { within: "24h" }, now)).items.some((i) => i.secretId === soon.secret.id), false, "outside a 24-hour window");
  assert.equal((await listExpiringSecrets(t.prisma, { within: "bogus", page: "x" }, now)).within, "30d", "unreadable input falls back to the defaults");
});

// The transactional outbox, on a real database: the mail carrying a new secret is written in the
// same transaction as the secret — for registration, the owner's and an admin's rotation, and the
// reissue behind "resend" — so a failure to queue it undoes the change, and delivery only starts
// once both have committed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Prisma } from "../generated/prisma/client";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "../apps/register-app";
import { rotateSecretAndNotify } from "../secrets/rotate-secret-and-notify";
import { rotateSecretForOwner } from "../admin/rotate-secret-for-owner";
import type { Actor } from "../audit/actor";
import { Mailer, type NewMail, type OutboxRow, type QueuedMail } from "./mailer";
import { resendAppEmail } from "./resend-app-email";

const owner: Actor = { type: "user", id: null, email: "outbox-owner@example.com" };
let t: MigratedTestDatabase;

before(async () => {
  t = await createMigratedTestDatabase("kp_unit_outbox");
});
after(async () => t?.drop());

/** A real outbox (the development outbox: rows are written and marked sent) that records what it saw. */
class RecordingMailer extends Mailer {
  delivered: Array<{ id: string; committed: boolean }> = [];
  constructor(private readonly failAfterWrite = false) {
    super({ prisma: t.prisma, secret: t.config.secret, from: "keyport@test" });
  }
  override async enqueue(tx: Pick<Prisma.TransactionClient, "emailMessage">, mail: NewMail): Promise<OutboxRow> {
    const row = await super.enqueue(tx, mail);
    // The row is written (through the caller's transaction), then queueing "fails".
    if (this.failAfterWrite) throw new Error("outbox unavailable");
    return row;
  }
  override async deliverQueued(row: OutboxRow): Promise<QueuedMail> {
    // Seen through the pool, outside any transaction: delivery starts after commit.
    const committed = (await t.prisma.emailMessage.count({ where: { id: row.id } })) === 1;
    this.delivered.push({ id: row.id, committed });
    return super.deliverQueued(row);
  }
}

const options = { pepper: () => t.config.secret, baseUrl: "http://portal.test" };

async function register(name: string, mailer?: Mailer) {
  return registerApp(t.prisma, { name, scopes: ["application.client"], ownerEmail: owner.email! }, owner, {
    pepper: t.config.secret,
    defaultTokenLifetime: 600,
    preApproved: true,
    ...(mailer ? { credentialsMail: { mailer, baseUrl: options.baseUrl } } : {}),
  });
}

const liveSecrets = (applicationId: string) => t.prisma.clientSecret.count({ where: { applicationId, revokedAt: null } });

test("registration: the credentials mail row commits with the application, or neither does", async () => {
  const mailer = new RecordingMailer();
  const r = await register("Outbox app", mailer);
  const rows = await t.prisma.emailMessage.findMany({ where: { applicationId: r.app.id }, select: { id: true, kind: true, to: true, status: true } });
  assert.deepEqual(rows, [{ id: r.mail!.id, kind: "credentials", to: owner.email, status: "sent" }]);
  assert.deepEqual(mailer.delivered, [{ id: r.mail!.id, committed: true }]);
  assert.equal(r.mail!.status, "sent");

  const mailsBefore = await t.prisma.emailMessage.count();
  await assert.rejects(register("Rolled back app", new RecordingMailer(true)), /outbox unavailable/);
  assert.equal(await t.prisma.application.count({ where: { name: "Rolled back app" } }), 0, "no application without its mail");
  assert.equal(await t.prisma.emailMessage.count(), mailsBefore, "no mail row without its application");
  assert.equal(await t.prisma.auditEvent.count({ where: { action: "app.create", details: { path: ["name"], equals: "Rolled back app" } } }), 0);
});

test("rotation (owner and admin): the new secret and the mail carrying it commit together", async () => {
  const r = await register("Rotating app");
  const id = r.app.id;
  const before = await t.prisma.clientSecret.findMany({ where: { applicationId: id }, select: { id: true } });

  // Queueing fails: the rotation is undone — old secret untouched, no new one, no audit row.
  await assert.rejects(
    rotateSecretAndNotify(t.prisma, { ref: { id }, graceSeconds: 0, notice: { kind: "rotated", rotatedBy: "owner" } }, owner, {
      pepper: options.pepper(),
      baseUrl: options.baseUrl,
      mailer: new RecordingMailer(true),
    }),
    /outbox unavailable/,
  );
  assert.deepEqual(await t.prisma.clientSecret.findMany({ where: { applicationId: id }, select: { id: true } }), before);
  assert.equal(await liveSecrets(id), 1);
  assert.equal(await t.prisma.auditEvent.count({ where: { action: "secret.rotate", applicationId: id } }), 0);
  assert.equal(await t.prisma.emailMessage.count({ where: { applicationId: id } }), 0);
  await assert.rejects(rotateSecretForOwner(t.prisma, id, "now", owner, { pepper: options.pepper(), baseUrl: options.baseUrl, mailer: new RecordingMailer(true) }), /outbox unavailable/);
  assert.equal(await t.prisma.clientSecret.count({ where: { applicationId: id } }), 1);

  // Queueing works: one new secret, one mail row naming it, delivered after commit.
  const mailer = new RecordingMailer();
  const rotated = await rotateSecretAndNotify(t.prisma, { ref: { id }, graceSeconds: 3600, notice: { kind: "rotated", rotatedBy: "owner" } }, owner, {
    pepper: options.pepper(),
    baseUrl: options.baseUrl,
    mailer,
  });
  assert.equal(await t.prisma.clientSecret.count({ where: { applicationId: id } }), 2);
  const mail = await t.prisma.emailMessage.findUniqueOrThrow({ where: { id: rotated.mail.id }, select: { kind: true, applicationId: true } });
  assert.deepEqual(mail, { kind: "secret_rotated", applicationId: id });
  assert.deepEqual(mailer.delivered, [{ id: rotated.mail.id, committed: true }]);

  const adminMailer = new RecordingMailer();
  const byAdmin = await rotateSecretForOwner(t.prisma, id, "now", { type: "admin", id: "a", email: "root@example.com" }, { pepper: options.pepper(), baseUrl: options.baseUrl, mailer: adminMailer });
  assert.equal(byAdmin.mailStatus, "sent");
  assert.equal(adminMailer.delivered.length, 1);
  assert.equal(await liveSecrets(id), 1, "grace 'now' revoked the others");
});

test("resend of an undelivered credentials mail: cancel, new secret and new mail in one transaction", async () => {
  const r = await register("Resend app");
  const id = r.app.id;
  // An undelivered credentials mail, as a mail outage leaves it.
  const stuck = await new RecordingMailer().enqueue(t.prisma, {
    to: owner.email!,
    subject: "Your credentials",
    kind: "credentials",
    html: "<p>secret</p>",
    text: "secret",
    applicationId: id,
  });
  await t.prisma.emailMessage.update({ where: { id: stuck.id }, data: { status: "failed", lastError: "Mail server refused the connection" } });

  await assert.rejects(
    resendAppEmail(t.prisma, { id }, stuck.id, owner, { pepper: options.pepper(), baseUrl: options.baseUrl, graceSeconds: 0, mailer: new RecordingMailer(true) }),
    /outbox unavailable/,
  );
  const still = await t.prisma.emailMessage.findUniqueOrThrow({ where: { id: stuck.id }, select: { status: true, payload: true, lastError: true } });
  assert.equal(still.status, "failed");
  assert.notEqual(still.payload, "", "the old message is not cancelled when its replacement could not be queued");
  assert.equal(still.lastError, "Mail server refused the connection");
  assert.equal(await t.prisma.clientSecret.count({ where: { applicationId: id } }), 1);

  const mailer = new RecordingMailer();
  const resent = await resendAppEmail(t.prisma, { id }, stuck.id, owner, { pepper: options.pepper(), baseUrl: options.baseUrl, graceSeconds: 0, mailer });
  assert.equal(resent.reissuedSecret, true);
  assert.equal(resent.status, "sent");
  const old = await t.prisma.emailMessage.findUniqueOrThrow({ where: { id: stuck.id }, select: { status: true, payload: true } });
  assert.deepEqual(old, { status: "failed", payload: "" });
  assert.equal(await liveSecrets(id), 1);
  assert.equal(await t.prisma.clientSecret.count({ where: { applicationId: id } }), 2);
  assert.deepEqual(mailer.delivered, [{ id: resent.id, committed: true }]);
  const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "mail.resend", applicationId: id }, select: { details: true } });
  assert.equal((audit.details as { newMessageId: string }).newMessageId, resent.id);
});

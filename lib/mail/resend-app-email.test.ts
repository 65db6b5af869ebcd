// Resend after a mail outage, against real PostgreSQL and a real SMTP server: the undelivered
// credentials are cancelled, never sent, and a NEW secret is issued and mailed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { SMTPServer } from "smtp-server";
import { createMigratedTestDatabase as createTestDatabase, type MigratedTestDatabase as TestDatabase } from "../test-support/migrated-test-database";
import { registerApp } from "../apps/register-app";
import { digestSecretHex } from "../crypto/credentials";
import type { Actor } from "../audit/actor";
import { closeProcessMailer, mailerFor } from "./process-mailer";
import { sendCredentialsEmail } from "./index";
import { resendAppEmail } from "./resend-app-email";
import { seedDefaultAudience } from "../catalog/seed-default-audience";
import { rolesAtLeast } from "../teams/team-roles";
import { appRecipients } from "./app-recipients";

const owner: Actor = { type: "user", id: null, email: "owner@example.com" };
let tdb: TestDatabase;
let smtp: SMTPServer;
let port: number;
const received: string[] = [];

before(async () => {
  tdb = await createTestDatabase("kp_portal");
  await seedDefaultAudience(tdb.prisma, "urn:keyport:api");
  // Reserve a port, leave it closed for now: the mail server is "down".
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
  port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
after(async () => {
  closeProcessMailer();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await tdb?.drop();
});

function startSmtp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push(Buffer.concat(chunks).toString("utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "="));
        cb();
      });
    },
  });
  return new Promise((r) => smtp.listen(port, "127.0.0.1", () => r()));
}

test("a credentials email that could not be delivered is replaced by one with a new secret", async () => {
  mailerFor(tdb.prisma, { secret: tdb.config.secret, SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "k@test" });
  const user = await tdb.prisma.user.create({ data: { email: owner.email! }, select: { id: true } });
  const registered = await registerApp(
    tdb.prisma,
    { name: "Outage app", scopes: ["application.client"], ownerId: user.id },
    owner,
    { pepper: tdb.config.secret, defaultTokenLifetime: 3600, preApproved: false },
  );
  // To the app's team (its creator's personal team: the creator alone).
  const recipients = await appRecipients(tdb.prisma, registered.app.id);
  assert.deepEqual(recipients, [owner.email]);
  const [first] = await sendCredentialsEmail({ app: registered.app, recipients, clientSecret: registered.clientSecret, secretExpiresAt: null, baseUrl: "http://portal.test" });
  assert.ok(first);
  assert.equal(first.status, "queued", "the mail server is down");

  // Another owner cannot resend it.
  const other = await tdb.prisma.user.create({ data: { email: "other@example.com" }, select: { id: true } });
  await assert.rejects(
    resendAppEmail(tdb.prisma, { id: registered.app.id, member: { userId: other.id, roles: rolesAtLeast("developer") } }, first.id, owner, { pepper: tdb.config.secret, baseUrl: "http://portal.test", graceSeconds: 0 }),
    (e: Error & { code?: string }) => e.code === "not_found",
  );

  await startSmtp();
  const resent = await resendAppEmail(tdb.prisma, { id: registered.app.id, member: { userId: user.id, roles: rolesAtLeast("developer") } }, first.id, owner, {
    pepper: tdb.config.secret,
    baseUrl: "http://portal.test",
    graceSeconds: 0,
  });
  assert.equal(resent.reissuedSecret, true);
  assert.equal(resent.status, "sent");
  assert.notEqual(resent.id, first.id);

  // The old message is cancelled with its body wiped: the worker can never send the old secret.
  const old = await tdb.prisma.emailMessage.findUniqueOrThrow({ where: { id: first.id }, select: { status: true, payload: true } });
  assert.equal(old.status, "failed");
  assert.equal(old.payload, "");

  // Exactly one mail went out, with a new secret; the old secret is revoked (grace 0).
  assert.equal(received.length, 1);
  assert.ok(!received[0]!.includes(registered.clientSecret), "the old secret is never sent");
  const newSecret = /kps_[A-Za-z0-9_-]+/.exec(received[0]!)?.[0];
  assert.ok(newSecret && newSecret !== registered.clientSecret);
  const secrets = await tdb.prisma.clientSecret.findMany({ where: { applicationId: registered.app.id }, select: { digest: true, revokedAt: true } });
  const byDigest = new Map(secrets.map((s) => [s.digest, s]));
  assert.ok(byDigest.get(digestSecretHex(tdb.config.secret, registered.clientSecret))?.revokedAt, "old secret revoked");
  assert.equal(byDigest.get(digestSecretHex(tdb.config.secret, newSecret!))?.revokedAt, null, "new secret live");

  const audit = await tdb.prisma.auditEvent.findMany({ where: { applicationId: registered.app.id, action: "mail.resend" }, select: { targetId: true } });
  assert.deepEqual(audit.map((a) => a.targetId), [first.id]);

  // A delivered email cannot be "resent".
  await assert.rejects(
    resendAppEmail(tdb.prisma, { id: registered.app.id, member: { userId: user.id, roles: rolesAtLeast("developer") } }, resent.id, owner, { pepper: tdb.config.secret, baseUrl: "http://portal.test", graceSeconds: 0 }),
    (e: Error & { code?: string }) => e.code === "conflict",
  );
});

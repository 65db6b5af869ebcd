// The outbox against a real PostgreSQL database and a real in-process SMTP server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { SMTPServer } from "smtp-server";
import { createMigratedTestDatabase as createTestDatabase, type MigratedTestDatabase as TestDatabase } from "../test-support/migrated-test-database";
import { Mailer, MAX_ATTEMPTS } from "./mailer";
import { credentialsEmail } from "../../emails/credentials-email";
import { listOutbox } from "./list-outbox";

interface Captured {
  to: string[];
  raw: string;
}

function startSmtp(): Promise<{ port: number; mails: Captured[]; close(): Promise<void> }> {
  const mails: Captured[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        cb();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.server.address() as net.AddressInfo).port;
      resolve({ port, mails, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

/** A port nothing listens on: connection refused, like a mail server that is down. */
async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase("kp_portal");
});
after(async () => {
  await tdb?.drop();
});

const SECRET = "kps_thisIsTheSecretValue_0123456789abcdefghijklmn";
const credentials = () =>
  credentialsEmail({
    appName: "Billing sync",
    appUrl: "http://localhost/apps/x",
    clientId: "kp_test",
    clientSecret: SECRET,
    scopes: ["application.client"],
    audience: "urn:keyport:api",
    tokenEndpoint: "http://localhost/oauth/token",
    secretExpiresAt: null,
    status: "active",
    reason: "issued",
  });

test("delivers through SMTP, seals the payload at rest and wipes it after sending a secret", async () => {
  const smtp = await startSmtp();
  const mailer = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "Keyport <k@test>" });
  try {
    const mail = credentials();
    const result = await mailer.send({ to: "owner@example.com", kind: "credentials", ...mail });
    assert.equal(result.status, "sent");
    assert.equal(smtp.mails.length, 1);
    assert.deepEqual(smtp.mails[0]!.to, ["owner@example.com"]);
    const body = decodeQuotedPrintable(smtp.mails[0]!.raw);
    assert.match(body, /Subject: Credentials for Billing sync/);
    assert.ok(body.includes(SECRET), "the secret reaches the recipient");
    assert.ok(body.includes("secret manager"));

    const row = await tdb.prisma.emailMessage.findUniqueOrThrow({ where: { id: result.id }, select: { status: true, payload: true, attempts: true, sentAt: true } });
    assert.equal(row.status, "sent");
    assert.equal(row.attempts, 1);
    assert.ok(row.sentAt);
    assert.equal(row.payload, "", "a credential mail's body is wiped once delivered");
  } finally {
    mailer.close();
    await smtp.close();
  }
});

test("the payload is encrypted while queued, and a non-secret mail keeps its body after sending", async () => {
  const port = await deadPort();
  const mailer = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, smtpUrl: `smtp://127.0.0.1:${port}`, from: "k@test", retryBaseMs: 10 });
  try {
    const r = await mailer.send({ to: "owner@example.com", kind: "credentials", ...credentials() });
    const row = await tdb.prisma.emailMessage.findUniqueOrThrow({ where: { id: r.id }, select: { payload: true } });
    assert.ok(row.payload.startsWith("v1."));
    assert.ok(!row.payload.includes(SECRET));
    assert.ok(!Buffer.from(row.payload.split(".")[3]!, "base64url").toString("utf8").includes(SECRET));
  } finally {
    mailer.close();
  }
  const smtp = await startSmtp();
  const ok = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "k@test" });
  try {
    const r = await ok.send({ to: "owner@example.com", kind: "app_approved", subject: "Approved", html: "<p>ok</p>", text: "ok" });
    const row = await tdb.prisma.emailMessage.findUniqueOrThrow({ where: { id: r.id }, select: { payload: true, status: true } });
    assert.equal(row.status, "sent");
    assert.notEqual(row.payload, "");
  } finally {
    ok.close();
    await smtp.close();
  }
});

test("a failed send stays queued with its error, is retried with backoff, and is delivered once the server is back", async () => {
  const port = await deadPort();
  const down = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, smtpUrl: `smtp://127.0.0.1:${port}`, from: "k@test", retryBaseMs: 200 });
  const r = await down.send({ to: "retry@example.com", kind: "app_disabled", subject: "Disabled", html: "<p>d</p>", text: "d" });
  down.close();
  assert.equal(r.status, "queued");
  const failedOnce = await tdb.prisma.emailMessage.findUniqueOrThrow({ where: { id: r.id }, select: { status: true, attempts: true, lastError: true, nextAttemptAt: true } });
  assert.equal(failedOnce.attempts, 1);
  assert.equal(failedOnce.lastError, "Mail server refused the connection");
  assert.ok(failedOnce.nextAttemptAt.getTime() > Date.now(), "the retry is scheduled in the future");

  // The server comes back on the same port.
  const smtp = await new Promise<{ mails: Captured[]; close(): Promise<void> }>((resolve) => {
    const mails: Captured[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          mails.push({ to: session.envelope.rcptTo.map((x) => x.address), raw: Buffer.concat(chunks).toString() });
          cb();
        });
      },
    });
    server.listen(port, "127.0.0.1", () => resolve({ mails, close: () => new Promise<void>((res) => server.close(() => res())) }));
  });
  const up = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, smtpUrl: `smtp://127.0.0.1:${port}`, from: "k@test", retryBaseMs: 200 });
  try {
    await up.processDue();
    const early = await tdb.prisma.emailMessage.findUniqueOrThrow({ where: { id: r.id }, select: { attempts: true } });
    assert.equal(early.attempts, 1, "not retried before its backoff elapses");
    await new Promise((res) => setTimeout(res, 250));
    await up.processDue();
    const row = await tdb.prisma.emailMessage.findUniqueOrThrow({ where: { id: r.id }, select: { status: true, attempts: true, lastError: true } });
    assert.equal(row.status, "sent");
    assert.equal(row.attempts, 2);
    assert.equal(row.lastError, null);
    assert.equal(smtp.mails.filter((m) => m.to.includes("retry@example.com")).length, 1);
  } finally {
    up.close();
    await smtp.close();
  }
});

test(`gives up as failed after ${MAX_ATTEMPTS} attempts`, async () => {
  const port = await deadPort();
  const mailer = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, smtpUrl: `smtp://127.0.0.1:${port}`, from: "k@test", retryBaseMs: 0 });
  try {
    const r = await mailer.send({ to: "never@example.com", kind: "app_enabled", subject: "Enabled", html: "<p>e</p>", text: "e" });
    let status: string = r.status;
    for (let i = 1; i < MAX_ATTEMPTS + 2 && status === "queued"; i++) status = await mailer.deliver(r.id);
    const row = await tdb.prisma.emailMessage.findUniqueOrThrow({ where: { id: r.id }, select: { status: true, attempts: true } });
    assert.equal(row.status, "failed");
    assert.equal(row.attempts, MAX_ATTEMPTS);
    assert.equal(await mailer.deliver(r.id), "failed", "a failed row is not sent again by the worker");
  } finally {
    mailer.close();
  }
});

test("without SMTP the message lands in the development outbox, readable and decrypted", async () => {
  const mailer = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, from: "k@test" });
  assert.equal(mailer.devOutbox, true);
  const r = await mailer.send({ to: "dev@example.com", kind: "sign_in", subject: "Sign in", html: "<a href='http://x/link'>x</a>", text: "http://x/link" });
  assert.equal(r.status, "sent");
  const [msg] = await listOutbox(tdb.prisma, mailer, { to: "dev@example.com" });
  assert.equal(msg!.id, r.id);
  assert.equal(msg!.text, "http://x/link");
});

test("two deliveries of one row never both send it", async () => {
  const smtp = await startSmtp();
  const mailer = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "k@test" });
  try {
    const row = await tdb.prisma.emailMessage.create({
      data: { to: "once@example.com", subject: "Once", kind: "app_approved", payload: (await import("../crypto/seal")).seal(tdb.config.secret, "mail", JSON.stringify({ html: "h", text: "t" })) },
      select: { id: true },
    });
    await Promise.all([mailer.deliver(row.id), mailer.deliver(row.id), mailer.deliver(row.id)]);
    assert.equal(smtp.mails.filter((m) => m.to.includes("once@example.com")).length, 1);
  } finally {
    mailer.close();
    await smtp.close();
  }
});

test("emits mail.queued, mail.sent and mail.failed — final once it gives up — on the events hub (lib/metrics counts them)", async () => {
  const { KeyportEvents } = await import("../events/events");
  const events = new KeyportEvents();
  const seen: string[] = [];
  events.on("mail.queued", (e) => seen.push(`queued ${e.kind}`));
  events.on("mail.sent", (e) => seen.push(`sent ${e.kind}`));
  events.on("mail.failed", (e) => seen.push(`failed ${e.kind} final=${e.final}`));

  const port = await deadPort();
  const down = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, smtpUrl: `smtp://127.0.0.1:${port}`, from: "k@test", retryBaseMs: 0, events });
  try {
    const r = await down.send({ to: "events@example.com", kind: "app_enabled", subject: "Enabled", html: "<p>e</p>", text: "e" });
    assert.deepEqual(seen, ["queued app_enabled", "failed app_enabled final=false"]);
    let status: string = r.status;
    while (status === "queued") status = await down.deliver(r.id);
    assert.equal(seen.length, 1 + MAX_ATTEMPTS);
    assert.equal(seen.at(-1), "failed app_enabled final=true");
    assert.equal(seen.filter((x) => x === "failed app_enabled final=false").length, MAX_ATTEMPTS - 1);
  } finally {
    down.close();
  }

  seen.length = 0;
  const smtp = await startSmtp();
  const up = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "k@test", events });
  try {
    await up.send({ to: "events@example.com", kind: "app_approved", subject: "Approved", html: "<p>a</p>", text: "a" });
    assert.deepEqual(seen, ["queued app_approved", "sent app_approved"]);
  } finally {
    up.close();
    await smtp.close();
  }

  seen.length = 0;
  const outbox = new Mailer({ prisma: tdb.prisma, secret: tdb.config.secret, from: "k@test", events });
  await outbox.send({ to: "events@example.com", kind: "sign_in", subject: "Sign in", html: "<p>s</p>", text: "s" });
  assert.deepEqual(seen, ["queued sign_in", "sent sign_in"], "the development outbox counts as delivered");
});

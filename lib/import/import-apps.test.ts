// The import against a real, migrated database (PostgreSQL with TEST_DATABASE_URL, PGlite
// otherwise): the plan, all-or-nothing writes, how secrets are stored, owners and their teams,
// audit events, the outbox with notify, and what the token path's secret check makes of it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { cliActor } from "../audit/actor";
import { ClientCache } from "../cache/client-cache";
import { verifyClientSecret } from "../oauth/authenticate-client";
import { OAuthError } from "../oauth/errors";
import { SlowSecretVerifier } from "../oauth/slow-secret-verifier";
import { Mailer } from "../mail/mailer";
import { digestSecretHex } from "../crypto/credentials";
import { importApps, type ImportAppsOptions } from "./import-apps";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_import");
});
after(async () => t?.drop());

const actor = cliActor();
const LONG = "imported-long-secret-0123456789abcdefXYZ"; // 40 characters
const SHORT = "shortpass1"; // 10 characters → scrypt

function options(extra: Partial<ImportAppsOptions> = {}): ImportAppsOptions {
  return { pepper: t.config.secret, defaultTokenLifetime: 3600, ...extra };
}

const jsonl = (...records: object[]) => records.map((r) => JSON.stringify(r)).join("\n");

async function auth(cache: ClientCache, slow: SlowSecretVerifier, clientId: string, clientSecret: string): Promise<string> {
  try {
    await verifyClientSecret(cache, t.config.secret, { clientId, clientSecret }, Date.now(), slow);
    return "ok";
  } catch (e) {
    assert.ok(e instanceof OAuthError, String(e));
    return e.error;
  }
}

test("dry run: the plan — what would be created, owners that would be created — and nothing written", async () => {
  await t.prisma.user.create({ data: { email: "known@example.com" } });
  const before = { apps: await t.prisma.application.count(), users: await t.prisma.user.count(), audit: await t.prisma.auditEvent.count() };
  const r = await importApps(
    t.prisma,
    jsonl(
      { name: "Dry A", owner: "known@example.com", scopes: "application.client", client_id: "dry-a", client_secret: LONG },
      { name: "Dry B", owner: "New.Owner@example.com", scopes: ["application.client"], client_secret: SHORT, token_ttl: 600 },
      { name: "Dry C", owner: "new.owner@example.com", scopes: "application.client" },
    ),
    actor,
    options({ dryRun: true }),
  );
  assert.equal(r.dryRun, true);
  assert.equal(r.imported, 0);
  assert.deepEqual(r.plan.issues, []);
  assert.deepEqual(r.plan.newOwners, ["new.owner@example.com"]);
  assert.deepEqual(
    r.plan.apps.map((a) => [a.line, a.name, a.clientId, a.owner, a.ownerIsNew, a.secret, a.tokenTtl, a.audiences]),
    [
      [1, "Dry A", "dry-a", "known@example.com", false, "hmac", null, ["urn:keyport:api"]],
      [2, "Dry B", null, "new.owner@example.com", true, "scrypt", 600, ["urn:keyport:api"]],
      [3, "Dry C", null, "new.owner@example.com", true, "generated", null, ["urn:keyport:api"]],
    ],
  );
  assert.deepEqual(r.plan.counts, { records: 3, applications: 3, newOwners: 1, hmacSecrets: 1, scryptSecrets: 1, generatedSecrets: 1, generatedClientIds: 2 });
  assert.ok(!JSON.stringify(r).includes(LONG) && !JSON.stringify(r).includes(SHORT), "no secret in the plan");
  assert.deepEqual({ apps: await t.prisma.application.count(), users: await t.prisma.user.count(), audit: await t.prisma.auditEvent.count() }, before);
});

test("import: active apps with their client_ids, secrets hashed (HMAC or scrypt), owners with personal teams, audit events; the token path accepts them", async () => {
  const r = await importApps(
    t.prisma,
    jsonl(
      { name: "Legacy long", owner: "legacy@example.com", scopes: "application.client", client_id: "legacy.long-1", client_secret: LONG, token_ttl: 900, description: "from the old IdP" },
      { name: "Legacy short", owner: "legacy@example.com", scopes: "application.client", client_id: "legacy~short_2", client_secret: SHORT },
      { name: "No secret", owner: "legacy@example.com", scopes: "application.client" },
    ),
    actor,
    options({ source: "test" }),
  );
  assert.deepEqual(r.plan.issues, []);
  assert.equal(r.imported, 3);
  assert.deepEqual(r.created.map((c) => [c.line, c.clientId.startsWith("kp_") ? "generated" : c.clientId]), [
    [1, "legacy.long-1"],
    [2, "legacy~short_2"],
    [3, "generated"],
  ]);
  assert.equal(r.credentials.length, 1, "the generated secret is returned once");
  assert.equal(r.credentials[0]!.line, 3);
  assert.match(r.credentials[0]!.clientSecret, /^kps_/);

  const apps = await t.prisma.application.findMany({
    where: { id: { in: r.created.map((c) => c.id) } },
    include: { secrets: { omit: { digest: false } }, owner: true, team: true },
    orderBy: { name: "asc" },
  });
  for (const a of apps) {
    assert.equal(a.status, "active");
    assert.ok(a.importedAt);
    assert.equal(a.owner.email, "legacy@example.com");
    assert.equal(a.team.personalUserId, a.ownerId, "owned by the owner's personal team");
    assert.equal(a.secrets.length, 1);
  }
  const byName = new Map(apps.map((a) => [a.name, a]));
  const long = byName.get("Legacy long")!;
  assert.equal(long.tokenLifetime, 900);
  assert.equal(long.description, "from the old IdP");
  assert.equal(long.secrets[0]!.hashKind, "hmac");
  assert.equal(long.secrets[0]!.digest, digestSecretHex(t.config.secret, LONG));
  assert.equal(long.secrets[0]!.hint, "fXYZ");
  const short = byName.get("Legacy short")!;
  assert.equal(short.secrets[0]!.hashKind, "scrypt");
  assert.match(short.secrets[0]!.digest, /^\$scrypt\$ln=14,r=8,p=1\$/);
  assert.equal(short.secrets[0]!.hint, "", "no hint of a short secret");
  const bigints = (_k: string, v: unknown) => (typeof v === "bigint" ? String(v) : v);
  const everything = JSON.stringify(await t.prisma.$queryRawUnsafe(`SELECT * FROM "ClientSecret"`), bigints) + JSON.stringify(await t.prisma.auditEvent.findMany(), bigints);
  assert.ok(!everything.includes(LONG) && !everything.includes(SHORT), "no plaintext secret in the database or the audit log");

  const events = await t.prisma.auditEvent.findMany({ where: { action: "app.import", applicationId: { in: r.created.map((c) => c.id) } } });
  assert.equal(events.length, 3);
  for (const e of events) assert.equal(e.teamId, apps.find((a) => a.id === e.applicationId)!.teamId);
  const summary = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "apps.import" }, orderBy: { id: "desc" } });
  assert.deepEqual((summary.details as Record<string, unknown>).applications, 3);

  // What the token path makes of it.
  const cache = new ClientCache({ db: t.db });
  const slow = new SlowSecretVerifier();
  assert.equal(await auth(cache, slow, "legacy.long-1", LONG), "ok");
  assert.equal(await auth(cache, slow, "legacy~short_2", SHORT), "ok");
  assert.equal(slow.checks, 1);
  assert.equal(await auth(cache, slow, "legacy~short_2", SHORT), "ok");
  assert.equal(slow.checks, 1, "the second request is remembered");
  assert.equal(await auth(cache, slow, "legacy~short_2", SHORT + "x"), "invalid_client");
  assert.equal(await auth(cache, slow, "legacy.long-1", SHORT), "invalid_client");
  assert.equal(await auth(cache, slow, r.credentials[0]!.clientId, r.credentials[0]!.clientSecret), "ok");

  // Revoking the short secret ends the remembered digest too.
  await t.prisma.clientSecret.updateMany({ where: { applicationId: short.id }, data: { revokedAt: new Date() } });
  cache.invalidate(`client:legacy~short_2`);
  assert.equal(await auth(cache, slow, "legacy~short_2", SHORT), "invalid_client");
});

test("duplicates are refused with their line numbers — in the file and against the database — and nothing is written", async () => {
  const apps = await t.prisma.application.count();
  const r = await importApps(
    t.prisma,
    [
      JSON.stringify({ name: "Dup 1", owner: "d@example.com", scopes: "application.client", client_id: "dup-x", client_secret: "another-long-secret-000000000000001" }),
      JSON.stringify({ name: "Dup 2", owner: "d@example.com", scopes: "application.client", client_id: "dup-x" }),
      JSON.stringify({ name: "Dup 3", owner: "d@example.com", scopes: "application.client", client_id: "legacy.long-1" }),
      JSON.stringify({ name: "Dup 4", owner: "d@example.com", scopes: "application.client", client_secret: LONG }),
      JSON.stringify({ name: "Dup 5", owner: "d@example.com", scopes: "application.client", client_secret: "another-long-secret-000000000000001" }),
      JSON.stringify({ name: "Dup 6", owner: "d@example.com", scopes: "no.such.scope", audiences: "urn:nope" }),
      "{broken",
    ].join("\n"),
    actor,
    options(),
  );
  assert.equal(r.imported, 0);
  assert.deepEqual(
    r.plan.issues.map((i) => [i.line, i.message]),
    [
      [2, 'client_id: "dup-x" is already on line 1'],
      [3, 'client_id: "legacy.long-1" already exists in Keyport'],
      [4, "client_secret: already the secret of another application"],
      [5, "client_secret: the same secret as on line 1 (each application needs its own)"],
      [6, "scopes: unknown or retired scope no.such.scope (keyport scopes add NAME)"],
      [6, "audiences: unknown or retired audience urn:nope (keyport audiences add IDENTIFIER)"],
      [7, r.plan.issues.find((i) => i.line === 7)!.message],
    ],
  );
  assert.match(r.plan.issues.at(-1)!.message, /^not valid JSON/);
  assert.equal(await t.prisma.application.count(), apps);
  assert.equal(await t.prisma.user.count({ where: { email: "d@example.com" } }), 0, "not even the owner");
});

test("notify: the outbox gets a notice for an imported secret and the credentials for a generated one; nothing is returned twice", async () => {
  const mailer = new Mailer({ prisma: t.prisma, secret: t.config.secret, from: "keyport@test" });
  const r = await importApps(
    t.prisma,
    jsonl(
      { name: "Notify kept", owner: "mailme@example.com", scopes: "application.client", client_id: "notify-kept", client_secret: SHORT + "-9" },
      { name: "Notify generated", owner: "mailme@example.com", scopes: "application.client" },
    ),
    actor,
    options({ notify: { mailer, baseUrl: "https://keyport.example" } }),
  );
  assert.equal(r.imported, 2);
  assert.deepEqual(r.credentials, [], "a mailed secret is not also returned");
  assert.deepEqual(r.mail, { queued: 2, sent: 2 });
  const mails = await t.prisma.emailMessage.findMany({ where: { to: "mailme@example.com" }, omit: { payload: false }, orderBy: { kind: "asc" } });
  assert.deepEqual(mails.map((m) => [m.kind, m.subject]), [
    ["app_imported", "Notify kept has moved to Keyport"],
    ["credentials", "Credentials for Notify generated"],
  ]);
  const notice = mailer.readBody(mails[0]!.payload)!;
  assert.ok(notice.text.includes("notify-kept") && notice.text.includes("https://keyport.example/oauth/token"));
  assert.ok(!notice.text.includes(SHORT), "the imported secret is never mailed");
  const creds = mailer.readBody(mails[1]!.payload)!;
  assert.match(creds.text, /client_secret: {2}kps_/);
});

test("without notify no mail is queued", async () => {
  const before = await t.prisma.emailMessage.count();
  const r = await importApps(t.prisma, jsonl({ name: "Quiet", owner: "quiet@example.com", scopes: "application.client" }), actor, options());
  assert.equal(r.imported, 1);
  assert.deepEqual(r.mail, { queued: 0, sent: 0 });
  assert.equal(await t.prisma.emailMessage.count(), before);
});

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { SYSTEM_ACTOR } from "../audit/actor";
import { ensureSigningKey, JWKS_RETENTION_MARGIN_S, rotateSigningKey } from "./rotate-signing-key";
import { listSigningKeys } from "./list-signing-keys";
import { KeyStore } from "./key-store";
import { verifyAccessToken } from "../oauth/verify-access-token";
import { openDatabase } from "../db/database";
import { generateSigningKey } from "./signing-key-material";

let t: MigratedTestDatabase;
before(async () => {
  t = await createMigratedTestDatabase("kp_unit_keys");
});
after(async () => t?.drop());

test("first start creates a key; a changed algorithm rotates; rotation keeps the retired key in the JWKS until its tokens expire", async () => {
  const prisma = t.db.prisma;
  const root = t.config.secret;
  await ensureSigningKey(prisma, root, "RS256", SYSTEM_ACTOR, 3600);
  await ensureSigningKey(prisma, root, "RS256", SYSTEM_ACTOR, 3600); // idempotent
  let keys = await listSigningKeys(prisma);
  assert.equal(keys.length, 1);
  assert.equal(keys[0]!.status, "active");

  const store = new KeyStore(prisma, root);
  const oldSigner = await store.signer();
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: "https://i.example", sub: "kp_a", aud: "urn:api", iat: now, exp: now + 600, jti: "j", client_id: "kp_a" };
  const oldToken = await oldSigner.sign(claims);

  const before = Date.now();
  const r = await rotateSigningKey(prisma, root, "ES256", SYSTEM_ACTOR, 3600);
  assert.deepEqual(r.retired, [oldSigner.kid]);
  store.invalidate();
  const newSigner = await store.signer();
  assert.equal(newSigner.kid, r.kid);
  assert.equal(newSigner.alg, "ES256");

  keys = await listSigningKeys(prisma);
  const retired = keys.find((k) => k.kid === oldSigner.kid)!;
  assert.equal(retired.status, "retired");
  assert.ok(retired.inJwks);
  const stay = retired.expiresAt!.getTime() - before;
  assert.ok(stay >= (3600 + JWKS_RETENTION_MARGIN_S) * 1000 - 5000, `retired key stays ${stay} ms`);

  const jwks = JSON.parse(await store.jwksBody()) as { keys: Array<{ kid: string; d?: string }> };
  assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [oldSigner.kid, newSigner.kid].sort());
  assert.ok(jwks.keys.every((k) => k.d === undefined), "no private parts in the JWKS");
  assert.deepEqual(await store.algorithms(), ["ES256", "RS256"], "active first, then the retired key still in the JWKS");

  // Old and new tokens both verify; a wrong issuer does not.
  assert.equal((await verifyAccessToken(store, oldToken, "https://i.example"))?.client_id, "kp_a");
  assert.equal((await verifyAccessToken(store, await newSigner.sign(claims), "https://i.example"))?.client_id, "kp_a");
  assert.equal(await verifyAccessToken(store, oldToken, "https://other.example"), null);
  assert.equal(await verifyAccessToken(store, "not.a.jwt", "https://i.example"), null);

  // Once the retired key's time is up it leaves the JWKS.
  await prisma.signingKey.update({ where: { kid: oldSigner.kid }, data: { expiresAt: new Date(Date.now() - 1000) } });
  store.invalidate();
  const after = JSON.parse(await store.jwksBody()) as { keys: Array<{ kid: string }> };
  assert.deepEqual(after.keys.map((k) => k.kid), [newSigner.kid]);
  assert.deepEqual(await store.algorithms(), ["ES256"]);
  assert.equal(await verifyAccessToken(store, oldToken, "https://i.example"), null);

  const events = await prisma.auditEvent.findMany({ where: { action: "key.rotate" } });
  assert.equal(events.length, 2);
});

test("two instances starting together on one database rotate at most once", async () => {
  // A fresh database of its own, opened through separate handles (separate pools on PostgreSQL:
  // what two instances are), all running ensureSigningKey at once.
  const fresh = await createMigratedTestDatabase("kp_unit_keys_race");
  const handles = fresh.url ? await Promise.all([0, 1, 2].map(() => openDatabase(fresh.config))) : [];
  try {
    const prismas = [fresh.db.prisma, ...handles.map((h) => h.prisma)];
    const runs = [...prismas, ...prismas].map((p) => ensureSigningKey(p, fresh.config.secret, "RS256", SYSTEM_ACTOR, 3600));
    const results = await Promise.all(runs);
    const keys = await listSigningKeys(fresh.prisma);
    assert.equal(keys.length, 1, `one key, none retired by a second rotation: ${JSON.stringify(keys.map((k) => k.status))}`);
    assert.equal(await fresh.prisma.auditEvent.count({ where: { action: "key.rotate" } }), 1);
    assert.equal(results.filter((r) => r !== null).length, 1, "exactly one instance reports a rotation");

    // An algorithm change while several instances restart: again exactly one rotation.
    const changed = await Promise.all([...prismas, ...prismas].map((p) => ensureSigningKey(p, fresh.config.secret, "ES256", SYSTEM_ACTOR, 3600)));
    assert.equal(changed.filter((r) => r !== null).length, 1);
    const after = await listSigningKeys(fresh.prisma);
    assert.deepEqual(after.map((k) => `${k.alg}:${k.status}`).sort(), ["ES256:active", "RS256:retired"]);
  } finally {
    for (const h of handles) await h.close().catch(() => {});
    await fresh.drop();
  }
});

test("RSA key generation does not block the event loop", async () => {
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 1);
  const started = Date.now();
  let generated = 0;
  try {
    while (Date.now() - started < 400 || generated < 2) {
      await generateSigningKey(t.config.secret, "RS256");
      generated++;
    }
  } finally {
    clearInterval(ticker);
  }
  const elapsed = Date.now() - started;
  // Blocking generation lets a 1 ms timer fire only between keys (a handful of times per key);
  // on the thread pool it keeps firing throughout.
  assert.ok(ticks >= elapsed / 4, `${ticks} timer ticks in ${elapsed} ms while generating ${generated} keys`);
});

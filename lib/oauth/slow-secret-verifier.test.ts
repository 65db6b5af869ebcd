// The token path's slow check of scrypt-stored (short imported) secrets: verified once, then
// remembered per process; forgotten when the secret is no longer live; bounded concurrency.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import type { CachedClient, CachedSecret } from "../cache/client-cache";
import { digestSecret } from "../crypto/credentials";
import { hashImportedSecret } from "../secrets/hash-imported-secret";
import { OAuthError } from "./errors";
import { SlowSecretVerifier } from "./slow-secret-verifier";

const pepper = crypto.randomBytes(32);

async function scryptSecret(id: string, secret: string, expiresAt: number | null = null): Promise<CachedSecret> {
  const h = await hashImportedSecret(pepper, secret);
  assert.equal(h.hashKind, "scrypt");
  return { id, digest: Buffer.alloc(0), slowHash: h.digest, expiresAt };
}

function client(appId: string, secrets: CachedSecret[]): CachedClient {
  return { appId, clientId: `c-${appId}`, secrets } as unknown as CachedClient;
}

test("a short secret verifies slowly once, then from memory; a wrong one never", async () => {
  const v = new SlowSecretVerifier();
  const c = client("a1", [await scryptSecret("s1", "legacy-pass-1")]);
  assert.equal(await v.verify(c, digestSecret(pepper, "legacy-pass-1")), true);
  assert.equal(v.checks, 1);
  assert.equal(await v.verify(c, digestSecret(pepper, "legacy-pass-1")), true);
  assert.equal(await v.verify(c, digestSecret(pepper, "legacy-pass-1")), true);
  assert.equal(v.checks, 1, "repeat requests need no scrypt");
  assert.equal(await v.verify(c, digestSecret(pepper, "legacy-pass-2")), false);
  assert.equal(await v.verify(c, digestSecret(pepper, "legacy-pass-2")), false);
  assert.equal(v.checks, 3, "wrong secrets are never remembered");
  // Remembered per client: the same secret presented for another client is checked against that client.
  const other = client("a2", [await scryptSecret("s9", "other-pass-99")]);
  assert.equal(await v.verify(other, digestSecret(pepper, "legacy-pass-1")), false);
});

test("a remembered secret stops working once it is no longer live: revoked (gone from the cache) or expired", async () => {
  const v = new SlowSecretVerifier();
  const s1 = await scryptSecret("s1", "rotate-me-1");
  const presented = digestSecret(pepper, "rotate-me-1");
  assert.equal(await v.verify(client("a1", [s1]), presented), true);
  assert.equal(v.size, 1);
  // Rotation then revocation: the cache reloads the client without s1, with a new secret s2.
  const s2 = await scryptSecret("s2", "rotate-me-2");
  assert.equal(await v.verify(client("a1", [s2]), presented), false);
  assert.equal(v.size, 0, "the stale entry is dropped");
  // Expiry: a secret past its expiresAt (a rotation's grace ending) is not live.
  const now = Date.now();
  const graced = { ...s2, expiresAt: now + 1000 };
  assert.equal(await v.verify(client("a1", [graced]), digestSecret(pepper, "rotate-me-2"), now), true);
  const checks = v.checks;
  assert.equal(await v.verify(client("a1", [graced]), digestSecret(pepper, "rotate-me-2"), now + 2000), false);
  assert.equal(v.checks, checks, "an expired secret is not even checked");
  // A client without scrypt secrets costs nothing.
  assert.equal(await v.verify(client("a3", [{ id: "h", digest: crypto.randomBytes(32), expiresAt: null }]), presented), false);
  assert.equal(v.checks, checks);
});

test("at most maxConcurrent checks run, maxQueued wait, the rest get 503 with Retry-After", async () => {
  const v = new SlowSecretVerifier({ maxConcurrent: 2, maxQueued: 3 });
  const c = client("flood", [await scryptSecret("s", "flooded-secret")]);
  const attempts = Array.from({ length: 8 }, (_, i) => v.verify(c, digestSecret(pepper, `wrong-${i}`)).then(
    (ok) => ({ ok }),
    (err: unknown) => ({ err }),
  ));
  const results = await Promise.all(attempts);
  const refused = results.filter((r) => "err" in r);
  assert.equal(refused.length, 3, "2 running + 3 queued; 3 refused");
  for (const r of refused) {
    const e = (r as { err: unknown }).err;
    assert.ok(e instanceof OAuthError);
    assert.equal(e.status, 503);
    assert.equal(e.error, "temporarily_unavailable");
    assert.equal(e.headers["Retry-After"], "1");
  }
  assert.deepEqual(results.filter((r) => "ok" in r).map((r) => (r as { ok: boolean }).ok), [false, false, false, false, false]);
  assert.equal(v.checks, 5);
  // Slots are released: a later request runs.
  assert.equal(await v.verify(c, digestSecret(pepper, "flooded-secret")), true);
});

// jwks_uri: the URL rule, the address check (SSRF), the fetch limits (timeout, size, redirects)
// against a real HTTP server on 127.0.0.1, and the per-application cache with its cooldown.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AppError } from "../errors/app-error";
import { checkJwksUri, isNonPublicAddress } from "./jwks-uri-rule";
import { fetchJwks, guardedLookup, JwksFetchError, type FetchedJwks } from "./fetch-jwks";
import { JwksUnavailableError, RemoteJwksCache } from "./remote-jwks-cache";
import { parseRemoteJwks } from "./parse-client-keys";

const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const jwks = { keys: [{ ...ec.publicKey.export({ format: "jwk" }), kid: "k1" }] };

const refusedUri = (uri: string, allowPrivate: boolean, message: RegExp) =>
  assert.throws(() => checkJwksUri(uri, { allowPrivate }), (e: unknown) => e instanceof AppError && message.test(e.fieldErrors.jwksUri![0]!));

describe("the jwks_uri rule", () => {
  test("https to a public host is accepted (normalized)", () => {
    assert.equal(checkJwksUri(" https://client.example.com/.well-known/jwks.json ", { allowPrivate: false }), "https://client.example.com/.well-known/jwks.json");
  });
  test("http is refused, except loopback with KEYPORT_JWKS_URI_ALLOW_PRIVATE", () => {
    refusedUri("http://client.example.com/jwks", false, /https/);
    refusedUri("http://client.example.com/jwks", true, /https/);
    refusedUri("http://127.0.0.1:8080/jwks", false, /https/);
    assert.equal(checkJwksUri("http://127.0.0.1:8080/jwks", { allowPrivate: true }), "http://127.0.0.1:8080/jwks");
    assert.equal(checkJwksUri("http://localhost:8080/jwks", { allowPrivate: true }), "http://localhost:8080/jwks");
    refusedUri("ftp://client.example.com/jwks", true, /https/);
    refusedUri("file:///etc/passwd", true, /https/);
  });
  test("private, loopback and link-local literals are refused without the flag", () => {
    for (const host of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "[::1]", "[fd00::1]", "[fe80::1]", "localhost", "[::ffff:127.0.0.1]", "0.0.0.0"]) {
      refusedUri(`https://${host}/jwks`, false, /public host/);
    }
    assert.equal(checkJwksUri("https://10.1.2.3/jwks", { allowPrivate: true }), "https://10.1.2.3/jwks");
  });
  test("credentials, fragments, garbage and overlong URLs are refused", () => {
    refusedUri("https://user:pw@client.example.com/jwks", false, /user name or password/);
    refusedUri("https://client.example.com/jwks#x", false, /fragment/);
    refusedUri("not a url", false, /Not a URL/);
    refusedUri("", false, /Enter the URL/);
    refusedUri(`https://client.example.com/${"a".repeat(2100)}`, false, /longer than 2048/);
  });
  test("address classification", () => {
    for (const a of ["127.0.0.1", "10.0.0.1", "100.64.0.1", "169.254.169.254", "192.168.0.1", "172.31.255.255", "224.0.0.1", "::1", "::", "fc00::1", "fe80::1", "::ffff:10.0.0.1", "::ffff:7f00:1", "ff02::1"]) {
      assert.equal(isNonPublicAddress(a), true, a);
    }
    for (const a of ["8.8.8.8", "172.32.0.1", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8"]) assert.equal(isNonPublicAddress(a), false, a);
  });
  test("the DNS answer itself is checked: a name resolving to loopback is refused without the flag", async () => {
    const lookup = guardedLookup(false);
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookup("localhost", {}, (e) => resolve(e)));
    assert.equal(err?.code, "EJWKSADDR");
    const ok = await new Promise<string>((resolve, reject) => guardedLookup(true)("localhost", {}, (e, address) => (e ? reject(e) : resolve(String(address)))));
    assert.ok(ok === "127.0.0.1" || ok === "::1", ok);
  });
});

describe("fetching a JWKS", () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    server = http.createServer((req, res) => {
      const url = req.url ?? "/";
      if (url === "/jwks") {
        res.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=120" });
        res.end(JSON.stringify(jwks));
      } else if (url === "/big") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ keys: [], pad: "x".repeat(70 * 1024) }));
      } else if (url === "/slow") {
        setTimeout(() => res.end(JSON.stringify(jwks)), 2_000).unref();
      } else if (url === "/to-ftp") {
        res.writeHead(302, { location: "ftp://127.0.0.1/jwks" }).end();
      } else if (url === "/to-http-public") {
        res.writeHead(302, { location: "http://client.example.com/jwks" }).end();
      } else if (url === "/to-jwks") {
        res.writeHead(301, { location: "/jwks" }).end();
      } else if (url === "/loop") {
        res.writeHead(302, { location: "/loop" }).end();
      } else if (url === "/html") {
        res.writeHead(200, { "content-type": "text/html" }).end("<html></html>");
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const fails = (path: string, message: RegExp, extra: { timeoutMs?: number } = {}) =>
    assert.rejects(fetchJwks(`${base}${path}`, { allowPrivate: true, ...extra }), (e: unknown) => e instanceof JwksFetchError && message.test(e.message));

  test("a JWKS is fetched and parsed; Cache-Control max-age is read", async () => {
    const r = await fetchJwks(`${base}/jwks`, { allowPrivate: true });
    assert.equal(r.keys.length, 1);
    assert.equal(r.keys[0]!.kid, "k1");
    assert.equal(r.maxAgeSeconds, 120);
  });
  test("without the flag, the loopback server is never contacted", async () => {
    await assert.rejects(fetchJwks(`${base}/jwks`, { allowPrivate: false }), JwksFetchError);
  });
  test("over 64 KiB is refused", () => fails("/big", /larger than 65536 bytes/));
  test("a slow server hits the timeout", async () => {
    const started = Date.now();
    await fails("/slow", /timed out/, { timeoutMs: 300 });
    assert.ok(Date.now() - started < 1_500);
  });
  test("redirects: followed within the rule, never to another scheme or a non-https public host, at most 3", async () => {
    assert.equal((await fetchJwks(`${base}/to-jwks`, { allowPrivate: true })).keys.length, 1);
    await fails("/to-ftp", /redirected to a URL that is not allowed/);
    await fails("/to-http-public", /redirected to a URL that is not allowed/);
    await fails("/loop", /too many redirects/);
  });
  test("not JSON, not found", async () => {
    await fails("/html", /not JSON/);
    await fails("/missing", /HTTP 404/);
  });
});

describe("the per-application cache", () => {
  async function fetched(kids: string[]): Promise<FetchedJwks> {
    const keys = kids.map((kid) => ({ ...crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }), kid }));
    return { ...(await parseRemoteJwks({ keys })), maxAgeSeconds: null };
  }

  test("one fetch for concurrent first requests; cached afterwards; per application", async () => {
    let calls = 0;
    const cache = new RemoteJwksCache({ allowPrivate: true, cooldownMs: 60_000, fetch: async () => (calls++, fetched(["a"])) });
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.keys("app1", "https://c.example/jwks")));
    assert.equal(calls, 1);
    assert.equal(results[0]!.length, 1);
    await cache.keys("app1", "https://c.example/jwks");
    assert.equal(calls, 1);
    await cache.keys("app2", "https://d.example/jwks");
    assert.equal(calls, 2);
  });
  test("a refetch (unknown kid) happens at most once per cooldown", async () => {
    let calls = 0;
    const cache = new RemoteJwksCache({ allowPrivate: true, cooldownMs: 200, fetch: async () => (calls++, fetched(["a"])) });
    await cache.keys("app", "https://c.example/jwks");
    for (let i = 0; i < 20; i++) await cache.refetch("app", "https://c.example/jwks");
    assert.equal(calls, 1);
    await new Promise((r) => setTimeout(r, 250));
    await cache.refetch("app", "https://c.example/jwks");
    assert.equal(calls, 2);
  });
  test("a failing jwks_uri: cached keys keep working; without any, unavailable — and retried only after the cooldown", async () => {
    let calls = 0;
    let up = true;
    const cache = new RemoteJwksCache({
      allowPrivate: true,
      cooldownMs: 60_000,
      fetch: async () => {
        calls++;
        if (!up) throw new JwksFetchError("HTTP 503");
        return fetched(["a"]);
      },
    });
    await cache.keys("app", "https://c.example/jwks");
    up = false;
    assert.equal((await cache.refetch("app", "https://c.example/jwks")).length, 1);
    await assert.rejects(cache.keys("down", "https://down.example/jwks"), JwksUnavailableError);
    await assert.rejects(cache.keys("down", "https://down.example/jwks"), JwksUnavailableError);
    assert.equal(calls, 2, "the dead uri is not hammered");
  });
  test("a changed jwks_uri starts over", async () => {
    const uris: string[] = [];
    const cache = new RemoteJwksCache({ allowPrivate: true, cooldownMs: 60_000, fetch: async (uri) => (uris.push(uri), fetched(["a"])) });
    await cache.keys("app", "https://c.example/one");
    await cache.keys("app", "https://c.example/two");
    assert.deepEqual(uris, ["https://c.example/one", "https://c.example/two"]);
  });
});

// Bad input on the client-authenticated endpoints (token RFC 6749 §4.4, introspection RFC 7662,
// revocation RFC 7009) against the production server: a client_id that cannot be one (NUL and other
// control characters, over 128 characters) is 401 invalid_client (RFC 6749 §5.2) before any cache
// or database work — never a 500, never a stack trace in the log, never memory. Odd secrets and
// bytes are just failed authentications. Runs once per selected backend.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { createApp, createDeployment, ensureBuild, selectedBackends, startKeyport, type CreatedApp, type Deployment, type KeyportServer } from "../support/keyport";
import { assertOAuthError, basicAuth, getToken, postForm, postJson, request, type HttpResult } from "../support/oauth";

const ENDPOINTS = ["/oauth/token", "/oauth/introspect", "/oauth/revoke"] as const;

/** The parameters each endpoint needs besides client authentication. */
function extra(endpoint: string): Record<string, string> {
  return endpoint === "/oauth/token" ? { grant_type: "client_credentials" } : { token: "not-a-token" };
}

/** VmRSS of a process in MB (/proc/<pid>/status). */
function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m![1]) / 1024;
}

/** Raw bytes as the body: what a client with a broken encoder sends. */
function postBytes(url: string, contentType: string, body: Buffer, headers: Record<string, string> = {}): Promise<HttpResult> {
  return request(url, { headers: { "Content-Type": contentType, ...headers }, body: new Uint8Array(body) });
}

async function metric(url: string, name: string): Promise<number> {
  const res = await request(`${url}/metrics`, { method: "GET" });
  assert.equal(res.status, 200, `GET /metrics: ${res.status}`);
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, "m").exec(res.text);
  assert.ok(m, `${name} not in /metrics`);
  return Number(m[1]);
}

for (const backend of selectedBackends()) {
  describe(`bad input never costs a 500 or memory (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let app: CreatedApp;

    before(async () => {
      ensureBuild();
      // Failed authentications are rate limited (tested elsewhere); here every one must be a 401.
      d = await createDeployment(backend, { KEYPORT_LIMIT_AUTH_FAILURES_PER_CLIENT: "off", KEYPORT_LIMIT_AUTH_FAILURES_PER_ADDRESS: "off" });
      s = await startKeyport(d);
      app = await createApp(d);
    });
    after(async () => {
      await d?.dispose();
    });

    test("NUL in client_id — form, JSON, HTTP Basic — is exactly 401 invalid_client on token, introspection and revocation", async () => {
      const nulId = `${app.client_id}\u0000`;
      for (const endpoint of ENDPOINTS) {
        const url = `${s.url}${endpoint}`;
        const cases: Array<[string, Promise<HttpResult>]> = [
          ["form", postForm(url, { ...extra(endpoint), client_id: nulId, client_secret: app.client_secret })],
          ["JSON", postJson(url, { ...extra(endpoint), client_id: nulId, client_secret: app.client_secret })],
          ["Basic (form-encoded %00)", postForm(url, extra(endpoint), { Authorization: basicAuth(nulId, app.client_secret) })],
          ["Basic (raw NUL byte)", postForm(url, extra(endpoint), { Authorization: "Basic " + Buffer.from(`a\u0000b:${app.client_secret}`).toString("base64") })],
          ["Basic beside a body client_id with NUL", postForm(url, { ...extra(endpoint), client_id: "x\u0000" }, { Authorization: basicAuth(app.client_id, app.client_secret) })],
        ];
        for (const [how, pending] of cases) {
          const res = await pending;
          assert.equal(res.status, 401, `${endpoint} ${how}: ${res.status} ${res.text}`);
          assertOAuthError(res, 401, "invalid_client");
          assert.equal(res.headers.get("www-authenticate"), 'Basic realm="keyport", charset="UTF-8"');
        }
      }
      const logs = s.logs();
      assert.doesNotMatch(logs, /"stack"|unexpected error|server_error|OAuth handler failed/, `no stack trace or server error in the log:\n${logs.slice(-3000)}`);
    });

    test("other control characters, 129 characters, lone surrogates: 401 invalid_client; 128 characters is merely unknown", async () => {
      const url = `${s.url}/oauth/token`;
      for (const id of ["x".repeat(129), "tab\tid", "del\u007fid", "c1\u0085id", "esc\u001bid", "nl\nid"]) {
        for (const res of [
          await postForm(url, { grant_type: "client_credentials", client_id: id, client_secret: "s" }),
          await postJson(url, { grant_type: "client_credentials", client_id: id, client_secret: "s" }),
          await postForm(url, { grant_type: "client_credentials" }, { Authorization: basicAuth(id, "s") }),
        ]) {
          assertOAuthError(res, 401, "invalid_client");
          assert.equal(res.body?.error_description, "malformed client_id", JSON.stringify(id));
        }
      }
      // A JSON "\ud800" escape is the one way to send a lone surrogate (form encoders write U+FFFD).
      const lone = await postJson(url, { grant_type: "client_credentials", client_id: "lone\ud800", client_secret: "s" });
      assertOAuthError(lone, 401, "invalid_client");
      assert.equal(lone.body?.error_description, "malformed client_id");
      const unknown = await postForm(url, { grant_type: "client_credentials", client_id: "k".repeat(128), client_secret: "s" });
      assertOAuthError(unknown, 401, "invalid_client");
      assert.equal(unknown.body?.error_description, "client authentication failed");
    });

    test("odd secrets and bytes are failed authentications, never a 500", async () => {
      const url = `${s.url}/oauth/token`;
      const secrets = [`${app.client_secret}\u0000`, "\u0000", "s".repeat(7_900), "\ud800", "é".repeat(1_000), "%"]; // within the 8 KiB body cap
      for (const secret of secrets) {
        assertOAuthError(await postForm(url, { grant_type: "client_credentials", client_id: app.client_id, client_secret: secret }), 401, "invalid_client");
        assertOAuthError(await postJson(url, { grant_type: "client_credentials", client_id: app.client_id, client_secret: secret }), 401, "invalid_client");
      }
      // A Basic secret close to the header limit.
      assertOAuthError(await postForm(url, { grant_type: "client_credentials" }, { Authorization: basicAuth(app.client_id, "b".repeat(7_000)) }), 401, "invalid_client");
      // Invalid UTF-8 in the raw body: decoded as U+FFFD, an id nobody has.
      const form = Buffer.concat([Buffer.from("grant_type=client_credentials&client_secret=s&client_id=kp_"), Buffer.from([0xff, 0xfe, 0xc3])]);
      assertOAuthError(await postBytes(url, "application/x-www-form-urlencoded", form), 401, "invalid_client");
      const json = Buffer.concat([Buffer.from('{"grant_type":"client_credentials","client_secret":"s","client_id":"kp_'), Buffer.from([0xff, 0xc0]), Buffer.from('"}')]);
      assertOAuthError(await postBytes(url, "application/json", json), 401, "invalid_client");
      assertOAuthError(
        await postBytes(url, "application/x-www-form-urlencoded", Buffer.from("grant_type=client_credentials"), {
          Authorization: "Basic " + Buffer.concat([Buffer.from("kp_"), Buffer.from([0xff, 0xfe]), Buffer.from(":s")]).toString("base64"),
        }),
        401,
        "invalid_client",
      );
      // Invalid percent-encoding in Basic (RFC 6749 §2.3.1 says form-encoded).
      assertOAuthError(await postForm(url, { grant_type: "client_credentials" }, { Authorization: "Basic " + Buffer.from("kp_%E0%A4%A:s").toString("base64") }), 401, "invalid_client");
      // The right secret still works.
      await getToken(s.url, app.client_id, app.client_secret);
      assert.doesNotMatch(s.logs(), /"stack"|unexpected error|server_error/);
    });

    test("5,000 requests with random ~7.8 KB client_ids: bounded memory, and the real client is still served from the cache", async (t) => {
      const url = `${s.url}/oauth/token`;
      const pid = s.child.pid!;
      // Steady state first (JIT, heap sizing), then measure.
      await getToken(s.url, app.client_id, app.client_secret);
      const flood = async (count: number) => {
        let next = 0;
        let unexpected = 0;
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            while (next < count) {
              next++;
              const id = crypto.randomBytes(3_900).toString("hex").slice(0, 7_800);
              const res = await postForm(url, { grant_type: "client_credentials", client_id: id, client_secret: "s" });
              if (res.status !== 401 || res.body?.error !== "invalid_client") unexpected++;
            }
          }),
        );
        return unexpected;
      };
      assert.equal(await flood(500), 0);
      const before = rssMb(pid);
      assert.equal(await flood(5_000), 0, "every one is 401 invalid_client");
      const growth = rssMb(pid) - before;
      t.diagnostic(`RSS ${before.toFixed(1)} MB → ${(before + growth).toFixed(1)} MB (+${growth.toFixed(1)} MB) over 5,000 random ids`);
      assert.ok(growth < 40, `RSS grew by ${growth.toFixed(1)} MB over 5,000 random ids (bound 40 MB)`);

      const hits = await metric(s.url, "keyport_client_cache_hits_total");
      const misses = await metric(s.url, "keyport_client_cache_misses_total");
      await getToken(s.url, app.client_id, app.client_secret);
      assert.equal(await metric(s.url, "keyport_client_cache_misses_total"), misses, "no database lookup for the real client");
      assert.equal(await metric(s.url, "keyport_client_cache_hits_total"), hits + 1, "a cache hit");
    });
  });
}

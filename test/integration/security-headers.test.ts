// Security headers on every kind of route Keyport answers (issue #8, item 6), against the
// production server: pages (nonce-based CSP that Next's own script tags carry), a static asset, a
// 404, an Auth.js route, health and readiness, the token endpoint (success and error), JWKS and
// the RFC 8414 metadata document — and HSTS exactly when the public origin is https. Also
// item 9: a cross-origin server-action POST gets a 403 page, not Next's 500.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  ROOT,
  createApp,
  createDeployment,
  distDir,
  ensureBuild,
  selectedBackends,
  startKeyport,
  type CreatedApp,
  type Deployment,
  type KeyportServer,
} from "../support/keyport";
import { basicAuth } from "../support/oauth";
import { raw, type RawResult } from "../support/raw-http";



const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'";
const HSTS = "max-age=63072000; includeSubDomains";

/** CSP directive name → its source list. */
function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

function header(res: RawResult, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

/** The headers every response carries, whatever its kind. */
function assertCommonHeaders(res: RawResult, what: string, https: boolean): void {
  assert.equal(header(res, "x-frame-options"), "DENY", `${what}: X-Frame-Options`);
  assert.equal(header(res, "x-content-type-options"), "nosniff", `${what}: X-Content-Type-Options`);
  assert.equal(header(res, "referrer-policy"), "strict-origin-when-cross-origin", `${what}: Referrer-Policy`);
  const permissions = header(res, "permissions-policy") ?? "";
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
    assert.ok(permissions.split(/,\s*/).includes(`${feature}=()`), `${what}: Permissions-Policy denies ${feature} (${permissions})`);
  }
  const csp = header(res, "content-security-policy");
  assert.ok(csp, `${what}: Content-Security-Policy`);
  assert.deepEqual(directives(csp).get("frame-ancestors"), ["'none'"], `${what}: frame-ancestors 'none'`);
  assert.equal(header(res, "strict-transport-security"), https ? HSTS : undefined, `${what}: Strict-Transport-Security`);
}

/** A page's CSP: scripts only by this response's nonce, never 'unsafe-inline'. Returns the nonce. */
function assertPagePolicy(res: RawResult, what: string): string {
  const csp = header(res, "content-security-policy")!;
  const d = directives(csp);
  const scripts = d.get("script-src") ?? [];
  const nonces = scripts.filter((s) => s.startsWith("'nonce-"));
  assert.equal(nonces.length, 1, `${what}: one nonce in script-src (${csp})`);
  assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), `${what}: no unsafe script sources (${csp})`);
  assert.ok(scripts.includes("'strict-dynamic'"), `${what}: 'strict-dynamic'`);
  assert.deepEqual(d.get("object-src"), ["'none'"], `${what}: object-src 'none'`);
  assert.deepEqual(d.get("base-uri"), ["'none'"], `${what}: base-uri 'none'`);
  assert.deepEqual(d.get("connect-src"), ["'self'"], `${what}: connect-src 'self' (the docs' try-it calls /oauth/token)`);
  assert.deepEqual(d.get("default-src"), ["'self'"], `${what}: default-src 'self'`);
  return nonces[0]!.slice("'nonce-".length, -1);
}

/** Every <script> tag of an HTML page, and the nonce each carries. */
function scriptTags(html: string): { tag: string; nonce: string | undefined }[] {
  return [...html.matchAll(/<script\b[^>]*>/g)].map((m) => ({ tag: m[0], nonce: /\snonce="([^"]*)"/.exec(m[0])?.[1] }));
}

/** A server action's id, from the build's server-reference manifest. */
function actionId(filename: string, exportedName: string): string {
  const file = path.join(ROOT, distDir(), "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const entry = Object.entries(manifest.node).find(([, a]) => a.filename === filename && a.exportedName === exportedName);
  assert.ok(entry, `${filename} ${exportedName} in the server-reference manifest`);
  return entry[0];
}
/** Anyone may call it, and it mails whoever is named: the forgery most worth refusing. */
const signInActionId = () => actionId("app/signin/actions.ts", "requestSignInLink");
/** In every page's header; without a session it just redirects home — a harmless control. */
const signOutActionId = () => actionId("app/_lib/auth-actions.ts", "signOutAction");

/** POST a fetch-style server action (what Next's client sends) with `headers`. */
function postAction(url: string, id: string, headers: Record<string, string>, body = "[]"): Promise<RawResult> {
  return raw(url, {
    method: "POST",
    headers: { ...headers, "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    body,
  });
}

/** One request of every kind of route; the response for each. */
async function everyKindOfRoute(s: KeyportServer, app: CreatedApp): Promise<{ pages: Map<string, RawResult>; others: Map<string, RawResult> }> {
  const home = await raw(`${s.url}/`);
  assert.equal(home.status, 200, home.text);
  const asset = /<script[^>]*\ssrc="(\/_next\/static\/[^"]+\.js)"/.exec(home.text)?.[1];
  assert.ok(asset, "the home page loads a script from /_next/static");
  const pages = new Map<string, RawResult>([
    ["page /", home],
    ["portal page /signin", await raw(`${s.url}/signin`)],
    ["404 page", await raw(`${s.url}/no-such-page-${Date.now()}`)],
  ]);
  const token = (authorization: string) =>
    raw(`${s.url}/oauth/token`, {
      method: "POST",
      headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
  const others = new Map<string, RawResult>([
    [`static asset ${asset}`, await raw(`${s.url}${asset}`)],
    ["Auth.js /api/auth/csrf", await raw(`${s.url}/api/auth/csrf`)],
    ["/api/health", await raw(`${s.url}/api/health`)],
    ["/api/ready", await raw(`${s.url}/api/ready`)],
    ["/oauth/token success", await token(basicAuth(app.client_id, app.client_secret))],
    ["/oauth/token error", await token(basicAuth(app.client_id, "wrong-secret"))],
    ["/.well-known/jwks.json", await raw(`${s.url}/.well-known/jwks.json`)],
    ["/.well-known/oauth-authorization-server", await raw(`${s.url}/.well-known/oauth-authorization-server`)],
  ]);
  const expectedStatus: Record<string, number> = { "404 page": 404, "/oauth/token error": 401 };
  for (const [what, res] of [...pages, ...others]) assert.equal(res.status, expectedStatus[what] ?? 200, `${what}: status (${res.text.slice(0, 200)})`);
  return { pages, others };
}

for (const backend of selectedBackends()) {
  describe(`security headers (${backend}, http public origin)`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let app: CreatedApp;

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend);
      s = await startKeyport(d); // public origin: its own http://127.0.0.1:PORT
      app = await createApp(d);
    });

    after(async () => {
      await d?.dispose();
    });

    test("every kind of route carries the headers; pages a nonce CSP, the rest the strict one; no HSTS over http", async () => {
      const { pages, others } = await everyKindOfRoute(s, app);
      for (const [what, res] of pages) {
        assertCommonHeaders(res, what, false);
        assertPagePolicy(res, what);
        assert.ok(!(header(res, "content-security-policy") ?? "").includes("upgrade-insecure-requests"), `${what}: no upgrade over http`);
      }
      for (const [what, res] of others) {
        assertCommonHeaders(res, what, false);
        assert.equal(header(res, "content-security-policy"), STRICT_CSP, `${what}: strict CSP`);
      }
    });

    test("each page load gets a fresh nonce, and every script tag Next emits carries it", async () => {
      const seen = new Set<string>();
      for (const url of ["/", "/", "/signin", "/docs"]) {
        const res = await raw(`${s.url}${url}`);
        assert.equal(res.status, 200, `${url}: ${res.text.slice(0, 200)}`);
        const nonce = assertPagePolicy(res, url);
        assert.ok(!seen.has(nonce), `${url}: nonce ${nonce} was already used`);
        seen.add(nonce);
        assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/, "128 random bits, base64");
        const tags = scriptTags(res.text);
        assert.ok(tags.length >= 3, `${url}: Next's scripts (${tags.length})`);
        // Inline ones too: Next streams its flight data in inline <script> tags.
        assert.ok(tags.some((t) => !t.tag.includes(" src=")), `${url}: has inline scripts`);
        for (const t of tags) assert.equal(t.nonce, nonce, `${url}: ${t.tag}`);
      }
    });

    test("a client cannot choose the nonce by sending its own Content-Security-Policy request header", async () => {
      const res = await raw(`${s.url}/signin`, {
        headers: { "content-security-policy": "script-src 'nonce-chosenByTheClient00=='", "content-security-policy-report-only": "script-src 'nonce-chosenByTheClient00=='" },
      });
      assert.equal(res.status, 200);
      const nonce = assertPagePolicy(res, "/signin");
      assert.notEqual(nonce, "chosenByTheClient00==");
      assert.ok(!res.text.includes("chosenByTheClient00"), "the client's nonce is nowhere in the page");
      for (const t of scriptTags(res.text)) assert.equal(t.nonce, nonce, t.tag);
    });

    describe("cross-origin server actions (CSRF)", () => {
      const forgeries: [string, Record<string, string>][] = [
        ["Origin of another site", { origin: "http://evil.example" }],
        ["Origin of another site, with a Host to match", { origin: "http://evil.example", host: "evil.example" }],
        ["opaque Origin (sandboxed frame)", { origin: "null" }],
        ["unparseable Origin", { origin: "not a url" }],
        ["no Origin, Referer of another site", { referer: "http://evil.example/attack.html" }],
      ];
      for (const [what, headers] of forgeries) {
        test(`a fetch action with ${what} → 403 page, never a 500`, async () => {
          const res = await postAction(`${s.url}/signin`, signInActionId(), headers, JSON.stringify(["$K1", "victim@example.test"]));
          assert.equal(res.status, 403, res.text);
          assert.equal(header(res, "content-type"), "text/html; charset=utf-8");
          assert.match(res.text, /<h1>Forbidden<\/h1>/);
          assert.ok(res.text.includes(s.url), "the page names Keyport's public address");
          assert.doesNotMatch(res.text, /\bat \S+ \(|Error:|digest/, "no stack trace or error detail");
          assertCommonHeaders(res, "403 page", false);
        });
      }

      test("a no-JS form post (multipart, no Next-Action) from another site → 403", async () => {
        const boundary = "----keyport-test";
        const res = await raw(`${s.url}/signin`, {
          method: "POST",
          headers: { origin: "http://evil.example", "content-type": `multipart/form-data; boundary=${boundary}` },
          body: `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\nvictim@example.test\r\n--${boundary}--\r\n`,
        });
        assert.equal(res.status, 403, res.text);
        assert.match(res.text, /<h1>Forbidden<\/h1>/);
      });

      test("sign-out from another site (logout CSRF) → 403 as well", async () => {
        const res = await postAction(`${s.url}/`, signOutActionId(), { origin: "http://evil.example" });
        assert.equal(res.status, 403, res.text);
      });

      test("control: the same action from Keyport's own origin, or with no Origin/Referer at all, runs", async () => {
        const res = await postAction(`${s.url}/`, signOutActionId(), { origin: s.url });
        assert.equal(res.status, 200, res.text);
        assert.equal(header(res, "x-action-redirect"), "/;push", "the action ran (signOut redirects home)");
        assertPagePolicy(res, "action response");
        // A hand-made call without Origin or Referer: no browser, so no victim's cookies to ride.
        const bare = await postAction(`${s.url}/`, signOutActionId(), {});
        assert.equal(bare.status, 200, bare.text);
        assert.equal(header(bare, "x-action-redirect"), "/;push");
      });

      test("the refused actions left no stack trace in the log", () => {
        assert.doesNotMatch(s.logs(), /Invalid Server Actions request|ERR_INVALID_URL|does not match `origin` header/);
      });
    });
  });
}

describe("security headers with an https public origin (embedded)", () => {
  let d: Deployment;
  let s: KeyportServer;
  let app: CreatedApp;

  before(async () => {
    ensureBuild();
    // TLS ends at a proxy in front of Keyport; the test talks to the server itself over http.
    d = await createDeployment("embedded", { KEYPORT_ISSUER: "https://keyport.test" });
    s = await startKeyport(d);
    app = await createApp(d);
  });

  after(async () => {
    await d?.dispose();
  });

  test("HSTS on every kind of route, and pages upgrade insecure requests", async () => {
    const { pages, others } = await everyKindOfRoute(s, app);
    for (const [what, res] of [...pages, ...others]) assertCommonHeaders(res, what, true);
    for (const [what, res] of pages) {
      assertPagePolicy(res, what);
      assert.ok(directives(header(res, "content-security-policy")!).has("upgrade-insecure-requests"), `${what}: upgrade-insecure-requests`);
    }
  });

  test("a server action from the https public origin is not refused; from its http twin it is", async () => {
    // As a TLS-terminating proxy forwards it: the browser's Host in X-Forwarded-Host (which Next
    // compares Origin with, after Keyport's own check against the public origin).
    const call = (origin: string) => postAction(`${s.url}/`, signOutActionId(), { origin, "x-forwarded-host": "keyport.test" });
    assert.equal((await call("http://keyport.test")).status, 403);
    const ok = await call("https://keyport.test");
    assert.equal(ok.status, 200, ok.text);
    assert.equal(header(ok, "x-action-redirect"), "/;push");
  });
});

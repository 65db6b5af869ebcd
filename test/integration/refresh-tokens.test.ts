// Refresh tokens for client credentials (issue #10 §2; RFC 6749 §6, RFC 9700 §4.14.2, RFC 7009,
// RFC 7662) against the production server on both databases, switched on with the real CLI
// (`keyport apps update --refresh-tokens on`), the refresh step done by a real client
// (openid-client 6 refreshTokenGrant). Off by default; rotation and single use; a replay revokes
// the whole family — the newest token too — and a real mail reaches the test SMTP server, once;
// scope only narrows; disabled apps are refused; revocation with and without the hint;
// introspection; another client's token is invalid_grant.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as oidc from "openid-client";
import { cliJson, createApp, createDeployment, ensureBuild, runCli, selectedBackends, startKeyport, type CreatedApp, type Deployment, type KeyportServer } from "../support/keyport";
import { assertOAuthError, basicAuth, decodeJwtPayload, eventually, postForm, verifyAccessToken } from "../support/oauth";
import { startSmtp, type SmtpCapture } from "../support/smtp";

const DEFAULT_AUDIENCE = "urn:keyport:api";
const OWNER = "owner@example.test";
// Caches are invalidated "within a second"; slack for a loaded 2-core machine.
const INVALIDATION_MS = 2500;

interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

for (const backend of selectedBackends()) {
  describe(`refresh tokens (${backend})`, () => {
    let smtp: SmtpCapture;
    let d: Deployment;
    let s: KeyportServer;

    before(async () => {
      ensureBuild();
      smtp = await startSmtp();
      d = await createDeployment(backend, { SMTP_URL: smtp.url });
      s = await startKeyport(d);
    });
    after(async () => {
      await d?.dispose();
      await smtp?.close();
    });

    const auth = (app: CreatedApp) => ({ Authorization: basicAuth(app.client_id, app.client_secret) });
    const clientCredentials = (app: CreatedApp, extra: Record<string, string> = {}) =>
      postForm(`${s.url}/oauth/token`, { grant_type: "client_credentials", ...extra }, auth(app));
    const refresh = (app: CreatedApp, refreshToken: string, extra: Record<string, string> = {}) =>
      postForm(`${s.url}/oauth/token`, { grant_type: "refresh_token", refresh_token: refreshToken, ...extra }, auth(app));
    const introspect = (app: CreatedApp, token: string, hint?: string) =>
      postForm(`${s.url}/oauth/introspect`, { token, ...(hint ? { token_type_hint: hint } : {}) }, auth(app));
    const revoke = (app: CreatedApp, token: string, hint?: string) =>
      postForm(`${s.url}/oauth/revoke`, { token, ...(hint ? { token_type_hint: hint } : {}) }, auth(app));

    /** An app with refresh tokens on, through the CLI; waits until the running server sees it. */
    async function refreshApp(opts: { scopes?: string; ttl?: string } = {}): Promise<CreatedApp> {
      const app = await createApp(d, { scopes: opts.scopes });
      const updated = await cliJson<{ refresh_tokens: boolean; refresh_token_lifetime: number }>(d, [
        "apps", "update", app.client_id, "--refresh-tokens", "on", ...(opts.ttl ? ["--refresh-token-ttl", opts.ttl] : []),
      ]);
      assert.equal(updated.refresh_tokens, true);
      const seen = await eventually(async () => typeof ((await clientCredentials(app)).body as Partial<TokenBody> | undefined)?.refresh_token === "string", INVALIDATION_MS);
      assert.ok(seen, "the server did not pick up --refresh-tokens on");
      return app;
    }
    async function firstGrant(app: CreatedApp, extra: Record<string, string> = {}): Promise<TokenBody> {
      const res = await clientCredentials(app, extra);
      assert.equal(res.status, 200, res.text);
      const body = res.body as unknown as TokenBody;
      assert.match(body.refresh_token ?? "", /^krt_[A-Za-z0-9_-]{100,}$/);
      return body;
    }

    /** openid-client 6 configured for this server, as an integration would be. */
    function openidConfig(app: CreatedApp): oidc.Configuration {
      const config = new oidc.Configuration(
        { issuer: s.url, token_endpoint: `${s.url}/oauth/token`, introspection_endpoint: `${s.url}/oauth/introspect`, revocation_endpoint: `${s.url}/oauth/revoke` },
        app.client_id,
        undefined,
        oidc.ClientSecretBasic(app.client_secret),
      );
      oidc.allowInsecureRequests(config); // http://127.0.0.1 in tests
      return config;
    }

    test("off by default: no refresh_token, and the refresh grant is unauthorized_client; metadata lists the grant", async () => {
      const app = await createApp(d);
      const res = await clientCredentials(app);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(Object.keys(res.body!).sort(), ["access_token", "expires_in", "scope", "token_type"]);
      assertOAuthError(await refresh(app, "krt_AAAA"), 400, "unauthorized_client");
      const meta = await fetch(`${s.url}/.well-known/oauth-authorization-server`).then((r) => r.json() as Promise<Record<string, unknown>>);
      assert.deepEqual(meta.grant_types_supported, ["client_credentials", "refresh_token"]);
    });

    test("on: openid-client refreshTokenGrant rotates; the access token verifies (RFC 9068); each refresh token works once", async () => {
      const app = await refreshApp({ ttl: "2h" });
      const first = await firstGrant(app);
      const config = openidConfig(app);
      const rotated = await oidc.refreshTokenGrant(config, first.refresh_token!);
      assert.equal(rotated.token_type, "bearer", "openid-client lower-cases token_type; the server said Bearer");
      assert.equal(rotated.scope, "application.client");
      assert.equal(rotated.expires_in, 3600);
      assert.ok(rotated.refresh_token && rotated.refresh_token !== first.refresh_token, "a new refresh token");
      const { payload } = await verifyAccessToken(s.url, rotated.access_token, { issuer: s.url, audience: DEFAULT_AUDIENCE });
      assert.equal(payload.client_id, app.client_id);
      assert.notEqual(payload.jti, decodeJwtPayload(first.access_token).jti);

      // The rotated token works (once) with openid-client again; response headers per RFC 6749 §5.1.
      const raw = await refresh(app, rotated.refresh_token);
      assert.equal(raw.status, 200, raw.text);
      assert.equal(raw.headers.get("cache-control"), "no-store");
      assert.equal(raw.headers.get("pragma"), "no-cache");
      const third = raw.body as unknown as TokenBody;
      const again = await oidc.refreshTokenGrant(config, third.refresh_token!);
      assert.ok(again.refresh_token);
    });

    test("a replayed refresh token revokes the whole family — the newest too — and one mail reaches the owner", async () => {
      const app = await refreshApp();
      const subject = new RegExp(`^A refresh token of ${app.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} was used twice$`);
      const first = await firstGrant(app);
      const second = (await refresh(app, first.refresh_token!)).body as unknown as TokenBody;
      assert.ok(second.refresh_token);

      const replay = await refresh(app, first.refresh_token!);
      assertOAuthError(replay, 400, "invalid_grant");
      assert.equal(replay.body!.error_description, "the refresh token was already used: every refresh token of its chain is now revoked (RFC 9700 §4.14.2)");
      // The newest token of the chain is dead too, through openid-client as well.
      await assert.rejects(oidc.refreshTokenGrant(openidConfig(app), second.refresh_token!), (err: unknown) => {
        assert.ok(err instanceof oidc.ResponseBodyError, String(err));
        assert.equal(err.error, "invalid_grant");
        assert.equal(err.error_description, "the refresh token has been revoked");
        return true;
      });
      assert.deepEqual((await introspect(app, second.refresh_token!)).body, { active: false });

      const [mail] = await smtp.waitFor(OWNER, 1, 20_000, subject);
      assert.match(mail!.text, new RegExp(`client_id: +${app.client_id}`));
      assert.match(mail!.text, /Keyport revoked every refresh token of that chain/);
      assert.match(mail!.text, new RegExp(`${s.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/apps/${app.id}`));
      assert.equal(mail!.text.includes(first.refresh_token!), false, "the token is never mailed");

      // More replays: refused, no second mail. The app itself recovers with client credentials.
      assertOAuthError(await refresh(app, first.refresh_token!), 400, "invalid_grant");
      assertOAuthError(await refresh(app, second.refresh_token!), 400, "invalid_grant");
      const fresh = await firstGrant(app);
      assert.equal((await refresh(app, fresh.refresh_token!)).status, 200);
      // Give a stray second mail time to arrive before counting.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(smtp.to(OWNER, subject).length, 1);
    });

    test("scope may only narrow: a subset is granted, a wider scope is invalid_scope and spends nothing", async () => {
      const app = await refreshApp({ scopes: "application.client domain.manage" });
      const first = await firstGrant(app);
      assert.equal(first.scope, "application.client domain.manage");
      const narrowed = await oidc.refreshTokenGrant(openidConfig(app), first.refresh_token!, { scope: "domain.manage" });
      assert.equal(narrowed.scope, "domain.manage");
      assert.equal(decodeJwtPayload(narrowed.access_token).scope, "domain.manage");

      const wider = await refresh(app, narrowed.refresh_token!, { scope: "domain.manage application.client reports.read" });
      assertOAuthError(wider, 400, "invalid_scope");
      assert.equal(wider.body!.error_description, "scope exceeds the refresh token's grant: reports.read");
      const otherAudience = await refresh(app, narrowed.refresh_token!, { resource: "https://elsewhere.example/" });
      assertOAuthError(otherAudience, 400, "invalid_target");
      // The refused requests did not spend the token; the rotated token still holds the full grant.
      const full = await refresh(app, narrowed.refresh_token!);
      assert.equal(full.status, 200, full.text);
      assert.equal((full.body as unknown as TokenBody).scope, "application.client domain.manage");
    });

    test("a disabled app is refused (invalid_client); enabled again, its refresh token works", async () => {
      const app = await refreshApp();
      const first = await firstGrant(app);
      const off = await runCli(d, ["apps", "disable", app.client_id]);
      assert.equal(off.code, 0, off.stderr);
      // Polled with client credentials: a refresh that still got through would spend the token.
      assert.ok(await eventually(async () => (await clientCredentials(app)).status === 401, INVALIDATION_MS), "the server did not see the disable");
      const refused = await refresh(app, first.refresh_token!);
      assertOAuthError(refused, 401, "invalid_client");
      assert.equal(refused.body!.error_description, "the application is disabled");
      const on = await runCli(d, ["apps", "enable", app.client_id]);
      assert.equal(on.code, 0, on.stderr);
      assert.ok(await eventually(async () => (await clientCredentials(app)).status === 200, INVALIDATION_MS), "the server did not see the enable");
      const again = await refresh(app, first.refresh_token!);
      assert.equal(again.status, 200, `the refused requests did not spend the token: ${again.text}`);
    });

    test("revocation (RFC 7009) with and without token_type_hint revokes the family", async () => {
      const app = await refreshApp();
      const withHint = await firstGrant(app);
      const r1 = await revoke(app, withHint.refresh_token!, "refresh_token");
      assert.equal(r1.status, 200, r1.text);
      assert.equal(r1.text, "");
      assertOAuthError(await refresh(app, withHint.refresh_token!), 400, "invalid_grant");

      const withoutHint = await firstGrant(app);
      const rotated = (await refresh(app, withoutHint.refresh_token!)).body as unknown as TokenBody;
      // Revoking a token of the chain (here an already used one) ends the chain.
      assert.equal((await revoke(app, withoutHint.refresh_token!)).status, 200);
      const dead = await refresh(app, rotated.refresh_token!);
      assertOAuthError(dead, 400, "invalid_grant");
      assert.equal(dead.body!.error_description, "the refresh token has been revoked");
      // A revocation is not a reuse: no mail about it.
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(smtp.to(OWNER, new RegExp(`^A refresh token of ${app.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`)).length, 0);
    });

    test("introspection (RFC 7662) reports a refresh token to its own client: active, then inactive once used", async () => {
      const app = await refreshApp();
      const other = await refreshApp();
      const first = await firstGrant(app);
      const res = await introspect(app, first.refresh_token!, "refresh_token");
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get("cache-control") ?? "", /no-store/);
      const body = res.body!;
      assert.equal(body.active, true);
      assert.equal(body.client_id, app.client_id);
      assert.equal(body.scope, "application.client");
      assert.equal(body.token_type, "refresh_token");
      assert.equal(body.iss, s.url);
      assert.equal(body.sub, app.client_id);
      assert.equal(body.aud, DEFAULT_AUDIENCE);
      assert.equal(typeof body.iat, "number");
      assert.equal(body.exp, (body.iat as number) + 86_400, "default lifetime 24 h");
      // Without the hint, the same answer; to another client, nothing.
      assert.deepEqual((await introspect(app, first.refresh_token!)).body, body);
      assert.equal((await introspect(other, first.refresh_token!)).text, '{"active":false}');
      // openid-client's tokenIntrospection agrees.
      const viaClient = await oidc.tokenIntrospection(openidConfig(app), first.refresh_token!);
      assert.equal(viaClient.active, true);
      await refresh(app, first.refresh_token!);
      assert.equal((await introspect(app, first.refresh_token!)).text, '{"active":false}');
    });

    test("a refresh token of another client is invalid_grant, and stays valid for its own client", async () => {
      const a = await refreshApp();
      const b = await refreshApp();
      const tokenOfA = (await firstGrant(a)).refresh_token!;
      const res = await refresh(b, tokenOfA);
      assertOAuthError(res, 400, "invalid_grant");
      assert.equal(res.body!.error_description, "the refresh token is invalid");
      const revokeRes = await revoke(b, tokenOfA);
      assertOAuthError(revokeRes, 400, "invalid_request");
      assert.equal((await refresh(a, tokenOfA)).status, 200);
      // Garbage and tampered tokens: the same invalid_grant.
      assertOAuthError(await refresh(a, tokenOfA.slice(0, -2) + (tokenOfA.endsWith("AA") ? "BA" : "AA")), 400, "invalid_grant");
      assertOAuthError(await refresh(a, "krt_not-a-token"), 400, "invalid_grant");
    });
  });
}

// OpenID Connect Discovery 1.0 (§4) at /.well-known/openid-configuration: clients whose default
// discovery is OIDC — openid-client 6's discovery() without `algorithm: "oauth2"` — find the
// server and get a token; the document is the RFC 8414 one plus the OIDC fields that apply, and
// both list exactly the registered authentication methods and grants. Production build, real
// HTTP, once per selected backend.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as oidc from "openid-client";
import { createApp, createDeployment, ensureBuild, freePort, selectedBackends, startKeyport, type CreatedApp, type Deployment, type KeyportServer } from "../support/keyport";
import { request, verifyAccessToken } from "../support/oauth";

for (const backend of selectedBackends()) {
  describe(`OpenID Connect discovery (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let issuer: string;
    let app: CreatedApp;

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend);
      const port = await freePort();
      issuer = `http://127.0.0.1:${port}`;
      s = await startKeyport(d, { PORT: String(port), KEYPORT_ISSUER: issuer });
      app = await createApp(d, { scopes: "application.client" });
    });
    after(async () => {
      await d?.dispose();
    });

    test("openid-client's default discovery() finds the server and the client-credentials grant works", async () => {
      for (const auth of [oidc.ClientSecretBasic(app.client_secret), oidc.ClientSecretPost(app.client_secret)]) {
        // No `algorithm` option: openid-client 6 then fetches /.well-known/openid-configuration.
        const config = await oidc.discovery(new URL(issuer), app.client_id, app.client_secret, auth, { execute: [oidc.allowInsecureRequests] });
        const meta = config.serverMetadata();
        assert.equal(meta.issuer, issuer);
        assert.equal(meta.token_endpoint, `${issuer}/oauth/token`);
        const tokens = await oidc.clientCredentialsGrant(config, { scope: "application.client" });
        assert.equal(tokens.token_type.toLowerCase(), "bearer");
        const { payload } = await verifyAccessToken(s.url, tokens.access_token, { issuer, audience: "urn:keyport:api" });
        assert.equal(payload.client_id, app.client_id);
        const info = await oidc.tokenIntrospection(config, tokens.access_token);
        assert.equal(info.active, true);
        assert.equal(info.token_type, "Bearer");
      }
    });

    test("the document: RFC 8414 metadata plus the OIDC Discovery fields that apply", async () => {
      const oidcRes = await request(`${s.url}/.well-known/openid-configuration`, { method: "GET" });
      const oauthRes = await request(`${s.url}/.well-known/oauth-authorization-server`, { method: "GET" });
      assert.equal(oidcRes.status, 200, oidcRes.text);
      assert.match(oidcRes.headers.get("content-type") ?? "", /^application\/json/);
      assert.equal(oidcRes.headers.get("cache-control"), "public, max-age=300");
      const m = oidcRes.body as Record<string, unknown>;
      const o = oauthRes.body as Record<string, unknown>;
      // OIDC Discovery §3 REQUIRED fields that apply (no authorization endpoint, no ID tokens).
      assert.equal(m.issuer, issuer);
      assert.equal(m.jwks_uri, `${issuer}/.well-known/jwks.json`);
      assert.equal(m.token_endpoint, `${issuer}/oauth/token`);
      assert.deepEqual(m.response_types_supported, []);
      assert.deepEqual(m.subject_types_supported, ["public"]);
      assert.deepEqual(m.id_token_signing_alg_values_supported, ["RS256"]);
      assert.equal("authorization_endpoint" in m, false);
      // Otherwise the very same document.
      const { subject_types_supported: _s, id_token_signing_alg_values_supported: _i, ...rest } = m;
      assert.deepEqual(rest, o);
      assert.deepEqual(m.grant_types_supported, ["client_credentials", "refresh_token"]);
      for (const field of ["token_endpoint_auth_methods_supported", "introspection_endpoint_auth_methods_supported", "revocation_endpoint_auth_methods_supported"]) {
        assert.ok(Array.isArray(m[field]) && (m[field] as string[]).includes("client_secret_basic"), field);
      }
      // Only GET (and HEAD).
      const posted = await request(`${s.url}/.well-known/openid-configuration`, { method: "POST", body: "" });
      assert.equal(posted.status, 405);
      assert.deepEqual(posted.body, { error: "invalid_request", error_description: "use GET" });
      assert.equal(posted.headers.get("allow"), "GET, HEAD");
    });
  });
}

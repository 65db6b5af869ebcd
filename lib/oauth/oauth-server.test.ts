// The OAuth server's registries and its one dispatcher, on a real database: exactly one
// client-authentication method across whatever is registered, metadata listing exactly what is
// registered, token bindings reaching the token and introspection, every error through the
// dialect, and the events usage counting hangs off.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../test-support/migrated-test-database";
import { createTestOAuthServices } from "../test-support/test-oauth-services";
import { registerApp } from "../apps/register-app";
import { cliActor } from "../audit/actor";
import { UsageRecorder } from "../usage/usage-recorder";
import { countUsageEvents } from "../usage/count-usage-events";
import { DatabaseUnavailableError } from "../db/database-unavailable";
import type { OAuthServices } from "./oauth-services";
import { createOAuthServer, type OAuthServerOptions } from "./oauth-server";
import type { ClientAuthMethod, PresentedClient } from "./client-auth/client-auth-method";
import { clientSecretBasic } from "./client-auth/client-secret-basic";
import { clientSecretPost } from "./client-auth/client-secret-post";
import { clientCredentialsGrant } from "./grants/client-credentials";
import type { GrantHandler } from "./grants/grant-handler";
import type { TokenBinding } from "./token-binding/token-binding";
import { RFC6749_DIALECT } from "./dialects/rfc6749";
import { CLIENT_AUTH_METHODS } from "./client-auth";
import { GRANTS } from "./grants";
import type { ResponseDialect } from "./dialects/response-dialect";
import { invalidClient, OAuthError } from "./errors";
import { json, type OAuthRequest, type OAuthResponse } from "./oauth-http";
import type { EndpointContext } from "./endpoint-context";

let t: MigratedTestDatabase;
let services: OAuthServices;
let app: { clientId: string; clientSecret: string; appId: string };

before(async () => {
  t = await createMigratedTestDatabase("kp_unit_oauth_server");
  services = await createTestOAuthServices(t);
  const r = await registerApp(t.prisma, { name: "Server test", ownerEmail: "o@example.com", scopes: ["application.client"] }, cliActor(), {
    pepper: t.config.secret,
    defaultTokenLifetime: 600,
    preApproved: true,
  });
  app = { clientId: r.app.clientId, clientSecret: r.clientSecret, appId: r.app.id };
});
after(async () => t?.drop());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

function post(form: Record<string, string>, headers: Record<string, string> = {}): OAuthRequest {
  const h: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  for (const [k, v] of Object.entries(headers)) h[k.toLowerCase()] = v;
  return { method: "POST", header: (n) => h[n], body: new URLSearchParams(form).toString(), bodyTooLarge: false, remoteAddress: "192.0.2.7" };
}
const get = (): OAuthRequest => ({ method: "GET", header: () => undefined, body: "", bodyTooLarge: false, remoteAddress: "192.0.2.7" });
const body = (r: OAuthResponse) => JSON.parse(r.body) as Record<string, unknown>;

/** A stand-in for private_key_jwt: present when client_assertion is, verifying `assertion = "ok:<client_id>"`. */
interface PresentedAssertion extends PresentedClient {
  assertion: string;
}
function assertionMethod(seen: Array<{ url: string; issuer: string; endpoint: string }> = []): ClientAuthMethod<PresentedAssertion> {
  return {
    name: "test_assertion",
    usage: "a client_assertion",
    signingAlgs: ["ES256", "EdDSA"],
    isPresent: (_req, params) => params.has("client_assertion") || params.has("client_assertion_type"),
    read(_req, params) {
      const assertion = params.get("client_assertion") ?? "";
      const clientId = assertion.startsWith("ok:") || assertion.startsWith("bad:") ? assertion.split(":")[1]! : "";
      if (!clientId) throw invalidClient("malformed assertion");
      return { method: "test_assertion", clientId, assertion };
    },
    async verify(presented, endpoint: EndpointContext) {
      seen.push({ url: endpoint.url, issuer: endpoint.issuer, endpoint: endpoint.endpoint });
      const client = await endpoint.services.clients.get(presented.clientId);
      if (!client || !presented.assertion.startsWith("ok:")) throw invalidClient();
      return client;
    },
  };
}

function server(options: OAuthServerOptions = {}) {
  return createOAuthServer(services, options);
}
function route(s: ReturnType<typeof server>, path: string) {
  const h = s.routes.get(path);
  assert.ok(h, `route ${path}`);
  return h;
}

test("exactly one client authentication method per request, across every registered method (RFC 6749 §2.3)", async () => {
  const seen: Array<{ url: string; issuer: string; endpoint: string }> = [];
  const s = server({ clientAuthMethods: [() => clientSecretBasic, () => clientSecretPost, () => assertionMethod(seen)] });
  const token = route(s, "/oauth/token");
  const cc = { grant_type: "client_credentials" };
  const moreThanOne = { error: "invalid_request", error_description: "more than one client authentication method was used" };

  for (const [form, headers] of [
    [{ ...cc, client_assertion: `ok:${app.clientId}` }, { Authorization: basic(app.clientId, app.clientSecret) }],
    [{ ...cc, client_id: app.clientId, client_secret: app.clientSecret, client_assertion: `ok:${app.clientId}` }, {}],
    [{ ...cc, client_id: app.clientId, client_secret: app.clientSecret }, { Authorization: basic(app.clientId, app.clientSecret) }],
  ] as const) {
    const r = await token(post(form, headers));
    assert.equal(r.status, 400, r.body);
    assert.deepEqual(body(r), moreThanOne);
  }
  assert.equal(seen.length, 0, "no method is verified when more than one is present");

  // None: the message names every registered method.
  const none = await token(post(cc));
  assert.equal(none.status, 401);
  assert.deepEqual(body(none), {
    error: "invalid_client",
    error_description: "client authentication required (HTTP Basic, or client_id and client_secret in the body, or a client_assertion)",
  });
  assert.equal(none.headers["WWW-Authenticate"], 'Basic realm="keyport", charset="UTF-8"');

  // Each alone works; the registered method sees the endpoint's public URL (its `aud`) and the issuer.
  for (const [form, headers] of [
    [{ ...cc, client_assertion: `ok:${app.clientId}` }, {}],
    [{ ...cc, client_id: app.clientId, client_assertion: `ok:${app.clientId}` }, {}],
    [{ ...cc, client_id: app.clientId, client_secret: app.clientSecret }, {}],
    [cc, { Authorization: basic(app.clientId, app.clientSecret) }],
  ] as const) {
    const r = await token(post(form, headers));
    assert.equal(r.status, 200, r.body);
    assert.equal(body(r).token_type, "Bearer");
  }
  assert.deepEqual(seen, [
    { url: `${t.config.publicOrigin}/oauth/token`, issuer: t.config.publicOrigin, endpoint: "token" },
    { url: `${t.config.publicOrigin}/oauth/token`, issuer: t.config.publicOrigin, endpoint: "token" },
  ]);

  // A client_id beside the method must name the same client (RFC 7521 §4.2).
  const mismatch = await token(post({ ...cc, client_id: "kp_someoneelse000000000000", client_assertion: `ok:${app.clientId}` }));
  assert.equal(mismatch.status, 400);
  assert.deepEqual(body(mismatch), { error: "invalid_request", error_description: "client_id in the body does not match the client authentication" });

  // Introspection and revocation go through the same registry, with their own URL.
  const introspect = route(s, "/oauth/introspect");
  const i = await introspect(post({ token: "not-a-token", client_assertion: `ok:${app.clientId}` }));
  assert.equal(i.status, 200);
  assert.deepEqual(body(i), { active: false });
  assert.equal(seen.at(-1)!.url, `${t.config.publicOrigin}/oauth/introspect`);
  const both = await introspect(post({ token: "x", client_assertion: `ok:${app.clientId}` }, { Authorization: basic(app.clientId, app.clientSecret) }));
  assert.deepEqual(body(both), moreThanOne);
});

test("a registered method runs behind the brute-force limits: its failures are counted and announced", async () => {
  const s = server({ clientAuthMethods: [() => clientSecretBasic, () => assertionMethod()] });
  const failed: Array<{ endpoint: string; clientId: string; address: string }> = [];
  const off = services.events.on("client.auth_failed", (e) => failed.push(e));
  try {
    const r = await route(s, "/oauth/revoke")(post({ token: "x", client_assertion: `bad:${app.clientId}` }));
    assert.equal(r.status, 401);
    assert.deepEqual(body(r), { error: "invalid_client", error_description: "client authentication failed" });
    assert.deepEqual(failed, [{ endpoint: "revocation", clientId: app.clientId, address: "192.0.2.7" }]);
  } finally {
    off();
  }
});

test("metadata lists exactly what is registered, in both documents", async () => {
  const dpopLike: TokenBinding = { name: "test_binding", metadata: { dpop_signing_alg_values_supported: ["ES256", "EdDSA"] }, bind: () => undefined };
  const otherGrant: GrantHandler = { type: "urn:example:grant", handle: () => Promise.reject(new Error("unused")) };

  // The default registries (lib/oauth/*/index.ts): advertised exactly as registered.
  const defaults = body(await route(server(), "/.well-known/oauth-authorization-server")(get()));
  assert.deepEqual(defaults.token_endpoint_auth_methods_supported, CLIENT_AUTH_METHODS.map((f) => f(services).name));
  assert.deepEqual(defaults.grant_types_supported, GRANTS.map((f) => f(services).type));

  const plain = body(await route(server({ clientAuthMethods: [() => clientSecretBasic, () => clientSecretPost], tokenBindings: [] }), "/.well-known/oauth-authorization-server")(get()));
  assert.deepEqual(plain.token_endpoint_auth_methods_supported, ["client_secret_basic", "client_secret_post"]);
  assert.deepEqual(plain.introspection_endpoint_auth_methods_supported, ["client_secret_basic", "client_secret_post"]);
  assert.deepEqual(plain.revocation_endpoint_auth_methods_supported, ["client_secret_basic", "client_secret_post"]);
  assert.deepEqual(plain.grant_types_supported, ["client_credentials", "refresh_token"]);
  assert.equal("token_endpoint_auth_signing_alg_values_supported" in plain, false, "no method signs: no algorithm list");
  assert.equal("dpop_signing_alg_values_supported" in plain, false);
  assert.equal(plain.token_endpoint, `${t.config.publicOrigin}/oauth/token`);

  const s = server({
    clientAuthMethods: [() => clientSecretPost, () => assertionMethod()],
    grants: [() => clientCredentialsGrant, () => otherGrant],
    tokenBindings: [() => dpopLike],
  });
  for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
    const res = await route(s, path)(get());
    assert.equal(res.status, 200);
    assert.equal(res.headers["Cache-Control"], "public, max-age=300");
    const m = body(res);
    assert.deepEqual(m.token_endpoint_auth_methods_supported, ["client_secret_post", "test_assertion"], path);
    assert.deepEqual(m.introspection_endpoint_auth_methods_supported, ["client_secret_post", "test_assertion"]);
    assert.deepEqual(m.token_endpoint_auth_signing_alg_values_supported, ["ES256", "EdDSA"]);
    assert.deepEqual(m.introspection_endpoint_auth_signing_alg_values_supported, ["ES256", "EdDSA"]);
    assert.deepEqual(m.revocation_endpoint_auth_signing_alg_values_supported, ["ES256", "EdDSA"]);
    assert.deepEqual(m.grant_types_supported, ["client_credentials", "urn:example:grant"]);
    assert.deepEqual(m.dpop_signing_alg_values_supported, ["ES256", "EdDSA"]);
    assert.equal(m.issuer, t.config.publicOrigin);
  }
  const oidc = body(await route(s, "/.well-known/openid-configuration")(get()));
  const oauth = body(await route(s, "/.well-known/oauth-authorization-server")(get()));
  assert.deepEqual(oidc.subject_types_supported, ["public"]);
  assert.deepEqual(oidc.id_token_signing_alg_values_supported, [t.config.KEYPORT_SIGNING_ALG]);
  assert.equal("subject_types_supported" in oauth, false);
  // Everything else is the same document.
  const { subject_types_supported: _s, id_token_signing_alg_values_supported: _i, ...rest } = oidc;
  assert.deepEqual(rest, oauth);

  // A grant that is not registered is unsupported, whatever the client holds.
  const unregistered = await route(server(), "/oauth/token")(post({ grant_type: "urn:example:grant" }, { Authorization: basic(app.clientId, app.clientSecret) }));
  assert.deepEqual(body(unregistered), { error: "unsupported_grant_type", error_description: "grant_type urn:example:grant is not supported" });
});

test("a token binding puts cnf in the token and its token_type in the response; introspection returns both", async () => {
  const seen: Array<{ dpop?: string; method: string; url: string; clientId: string }> = [];
  const binding: TokenBinding = {
    name: "test_binding",
    bind({ req, endpoint, client }) {
      const proof = req.header("dpop");
      seen.push({ dpop: proof, method: req.method, url: endpoint.url, clientId: client.clientId });
      if (proof === undefined) return undefined;
      if (proof !== "good") throw new OAuthError("invalid_dpop_proof", "the DPoP proof is invalid");
      return { cnf: { jkt: "thumbprint-123" }, tokenType: "DPoP", headers: { "DPoP-Nonce": "n1" } };
    },
  };
  const s = server({ tokenBindings: [() => binding] });
  const auth = { Authorization: basic(app.clientId, app.clientSecret) };
  const bound = await route(s, "/oauth/token")(post({ grant_type: "client_credentials" }, { ...auth, DPoP: "good" }));
  assert.equal(bound.status, 200, bound.body);
  assert.equal(bound.headers["DPoP-Nonce"], "n1");
  assert.equal(bound.headers["Cache-Control"], "no-store");
  const b = body(bound);
  assert.equal(b.token_type, "DPoP");
  assert.deepEqual(decodeJwt(b.access_token as string).cnf, { jkt: "thumbprint-123" });
  assert.deepEqual(seen[0], { dpop: "good", method: "POST", url: `${t.config.publicOrigin}/oauth/token`, clientId: app.clientId });

  const plain = body(await route(s, "/oauth/token")(post({ grant_type: "client_credentials" }, auth)));
  assert.equal(plain.token_type, "Bearer");
  assert.equal(decodeJwt(plain.access_token as string).cnf, undefined);

  const refused = await route(s, "/oauth/token")(post({ grant_type: "client_credentials" }, { ...auth, DPoP: "forged" }));
  assert.equal(refused.status, 400);
  assert.deepEqual(body(refused), { error: "invalid_dpop_proof", error_description: "the DPoP proof is invalid" });
  assert.equal(refused.headers["Cache-Control"], "no-store");

  const introspect = route(s, "/oauth/introspect");
  const i = body(await introspect(post({ token: b.access_token as string }, auth)));
  assert.equal(i.active, true);
  assert.equal(i.token_type, "DPoP");
  assert.deepEqual(i.cnf, { jkt: "thumbprint-123" });
  const j = body(await introspect(post({ token: plain.access_token as string }, auth)));
  assert.equal(j.token_type, "Bearer");
  assert.equal("cnf" in j, false);
});

test("one dispatcher: every error through the dialect; unexpected → server_error, outage → 503; events feed usage", async () => {
  const explode: GrantHandler = {
    type: "client_credentials",
    handle: () => Promise.reject(new Error("secret detail must not leak")),
  };
  const outage: GrantHandler = { type: "client_credentials", handle: () => Promise.reject(new DatabaseUnavailableError()) };
  const auth = { Authorization: basic(app.clientId, app.clientSecret) };
  const usage = new UsageRecorder(t.db);
  const errors: Array<{ endpoint: string; error: string; status: number; appId?: string }> = [];
  const off = [countUsageEvents(services.events, usage), services.events.on("oauth.error", ({ endpoint, error, status, appId }) => errors.push({ endpoint, error, status, appId }))];
  try {
    const r = await route(server({ grants: [() => explode] }), "/oauth/token")(post({ grant_type: "client_credentials" }, auth));
    assert.equal(r.status, 500);
    assert.deepEqual(body(r), { error: "server_error" });
    assert.equal(r.headers["Cache-Control"], "no-store");
    const u = await route(server({ grants: [() => outage] }), "/oauth/token")(post({ grant_type: "client_credentials" }, auth));
    assert.equal(u.status, 503);
    assert.equal(body(u).error, "temporarily_unavailable");
    assert.equal(u.headers["Retry-After"], "5");
    assert.deepEqual(errors, [
      { endpoint: "token", error: "server_error", status: 500, appId: app.appId },
      { endpoint: "token", error: "temporarily_unavailable", status: 503, appId: app.appId },
    ]);
    // Usage counted from the events alone (lib/usage/count-usage-events.ts).
    const ok = await route(server(), "/oauth/token")(post({ grant_type: "client_credentials" }, auth));
    assert.equal(ok.status, 200);
    await usage.flush(true);
    const rows = await t.prisma.tokenUsage.findMany({ where: { applicationId: app.appId } });
    assert.equal(rows.reduce((n, r) => n + r.issued, 0), 1);
    assert.equal(rows.reduce((n, r) => n + r.failed, 0), 2);
  } finally {
    for (const f of off) f();
  }

  // A dialect decides paths and the error shape; the steps do not change.
  const vendor: ResponseDialect = {
    ...RFC6749_DIALECT,
    name: "vendor",
    paths: { ...RFC6749_DIALECT.paths, token: "/v1/token" },
    errorResponse: (e, headers) => json(e.status, { code: e.error, message: e.description ?? null }, { ...headers, ...e.headers }),
  };
  const v = server({ dialect: vendor });
  assert.equal(v.routes.has("/oauth/token"), false);
  const ve = await route(v, "/v1/token")(post({ grant_type: "password" }, auth));
  assert.deepEqual(body(ve), { code: "unsupported_grant_type", message: "grant_type password is not supported" });
  const meta = body(await route(v, "/.well-known/oauth-authorization-server")(get()));
  assert.equal(meta.token_endpoint, `${t.config.publicOrigin}/v1/token`);
  const wrongMethod = await route(v, "/.well-known/jwks.json")({ ...get(), method: "POST" });
  assert.equal(wrongMethod.status, 405);
  assert.deepEqual(body(wrongMethod), { code: "invalid_request", message: "use GET" });
});

// The OpenAPI document: valid OpenAPI 3.1 by @readme/openapi-parser (the OpenAPI 3.1 JSON Schema
// plus its semantic checks: operationIds, path parameters, component names), every route the
// router serves documented with its scope, and the OAuth endpoints' schemas matching what the
// real OAuth server answers — so the document cannot drift from the code.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { compileErrors, validate } from "@readme/openapi-parser";
import { generateKeyPair, generateProof } from "dpop";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../../test-support/migrated-test-database";
import { createTestOAuthServices } from "../../test-support/test-oauth-services";
import { registerApp } from "../../apps/register-app";
import { cliActor } from "../../audit/actor";
import type { OAuthServices } from "../../oauth/oauth-services";
import { createOAuthServer, type OAuthServer } from "../../oauth/oauth-server";
import type { OAuthRequest } from "../../oauth/oauth-http";
import { createApiServer, type ApiServer } from "../api-server";
import { API_ROUTES } from "../routes";
import { oauthSchemas } from "./oauth-schemas";

let t: MigratedTestDatabase;
let services: OAuthServices;
let oauth: OAuthServer;
let api: ApiServer;
/** The generated document, indexed freely by the assertions (their failures say what was wrong). */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-only JSON access
let doc: Json;

before(async () => {
  t = await createMigratedTestDatabase("kp_unit_openapi");
  services = await createTestOAuthServices(t);
  oauth = createOAuthServer(services);
  api = createApiServer(services, { oauth });
  const res = await api.handle({ method: "GET", target: "/openapi.json", header: () => undefined, body: "", bodyTooLarge: false, remoteAddress: "x" });
  assert.equal(res.status, 200);
  assert.equal(res.headers["Content-Type"], "application/json");
  doc = JSON.parse(res.body);
});
after(async () => {
  services?.clients.stop();
  await t?.drop();
});

test("/openapi.json is a valid OpenAPI 3.1 document", async () => {
  assert.equal(doc.openapi, "3.1.0");
  assert.deepEqual(doc.servers, [{ url: t.config.publicOrigin }]);
  // validate() dereferences its argument in place: give it a copy.
  const result = await validate(structuredClone(doc) as Parameters<typeof validate>[0]);
  assert.ok(result.valid, result.valid ? "" : compileErrors(result));
  assert.deepEqual(result.warnings, []);
  // The validator does reject a broken document (a duplicate operationId, a response without a description).
  const broken = structuredClone(doc);
  broken.paths["/api/v1/admin/scopes"].get.operationId = broken.paths["/api/v1/admin/scopes"].post.operationId;
  delete broken.paths["/api/v1/usage"].get.responses["200"].description;
  assert.equal((await validate(broken as Parameters<typeof validate>[0])).valid, false);
});

test("every route the router serves is in the document, with its scope, parameters and problem responses", () => {
  assert.ok(API_ROUTES.length >= 15);
  const documented = new Set<string>();
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`);
  }
  for (const route of api.router.routes) {
    const key = `${route.method} /api/v1${route.path}`;
    assert.ok(documented.has(key), `${key} is documented`);
    const op = doc.paths[`/api/v1${route.path}`][route.method.toLowerCase()];
    assert.equal(op.operationId, route.operationId);
    assert.deepEqual(op.security, [{ bearerAuth: [route.scope] }, { oauth2: [route.scope] }]);
    assert.ok(op.responses[String(route.response.status)].content["application/json"].schema, `${key}: success schema`);
    for (const status of ["401", "403", "422"]) {
      assert.deepEqual(op.responses[status].content["application/problem+json"].schema, { $ref: "#/components/schemas/Problem" }, `${key} ${status}`);
    }
    const pathParams = [...route.path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]);
    assert.deepEqual(
      (op.parameters ?? []).filter((p: { in: string }) => p.in === "path").map((p: { name: string }) => p.name),
      pathParams,
      `${key}: path parameters`,
    );
    if (route.method === "POST") assert.ok(op.parameters.some((p: { in: string; name: string }) => p.in === "header" && p.name === "Idempotency-Key"), `${key}: Idempotency-Key`);
    if (route.body) assert.ok(op.requestBody.content["application/json"].schema, `${key}: body schema`);
  }
  // The OAuth endpoints, and nothing the code does not serve.
  for (const key of [
    "POST /oauth/token",
    "POST /oauth/introspect",
    "POST /oauth/revoke",
    "GET /.well-known/jwks.json",
    "GET /.well-known/oauth-authorization-server",
    "GET /.well-known/openid-configuration",
  ]) {
    assert.ok(documented.has(key), key);
  }
  assert.equal(documented.size, api.router.routes.length + 6);
  assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ["bearerAuth", "clientSecretBasic", "oauth2"]);
  assert.equal(doc.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl, `${t.config.publicOrigin}/oauth/token`);
});

test("the request schemas in the document are the ones the code validates with", () => {
  const create = doc.paths["/api/v1/admin/scopes"].post.requestBody.content["application/json"].schema;
  assert.equal(create.additionalProperties, false, "strict: unknown members are refused");
  assert.deepEqual(create.required.sort(), ["description", "name"]);
  assert.equal(create.properties.name.pattern, "^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$");
  assert.equal(create.properties.name.maxLength, 100);
  const audit = doc.paths["/api/v1/admin/audit-events"].get.parameters.map((p: { name: string }) => p.name);
  assert.deepEqual(audit, ["actor", "action", "app", "from", "to", "cursor", "limit"]);
});

test("the OAuth endpoints' answers match the schemas the document describes them with", async () => {
  const s = oauthSchemas(oauth.metadataSources);
  const r = await registerApp(t.prisma, { name: "Doc check", ownerEmail: "o@example.com", scopes: ["application.client"] }, cliActor(), {
    pepper: t.config.secret,
    defaultTokenLifetime: 600,
    preApproved: true,
  });
  const h = (extra: Record<string, string> = {}) => {
    const all: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${r.app.clientId}:${r.clientSecret}`).toString("base64")}`,
      ...extra,
    };
    return (n: string) => all[n];
  };
  const post = (path: string, body: string, extra?: Record<string, string>) =>
    oauth.routes.get(path)!({ method: "POST", header: h(extra), body, bodyTooLarge: false, remoteAddress: "192.0.2.3" } satisfies OAuthRequest);
  const get = (path: string) => oauth.routes.get(path)!({ method: "GET", header: () => undefined, body: "", bodyTooLarge: false, remoteAddress: "192.0.2.3" });

  const issued = await post("/oauth/token", "grant_type=client_credentials");
  const tokenBody = s.tokenResponse.parse(JSON.parse(issued.body));
  const keyPair = await generateKeyPair("ES256");
  const bound = await post("/oauth/token", "grant_type=client_credentials", { dpop: await generateProof(keyPair, `${t.config.publicOrigin}/oauth/token`, "POST") });
  assert.equal(s.tokenResponse.parse(JSON.parse(bound.body)).token_type, "DPoP");
  const introspected = s.introspectionResponse.parse(JSON.parse((await post("/oauth/introspect", `token=${tokenBody.access_token}`)).body));
  assert.equal(introspected.active, true);
  s.introspectionResponse.parse(JSON.parse((await post("/oauth/introspect", "token=nope")).body));
  assert.equal((await post("/oauth/revoke", `token=${tokenBody.access_token}`)).status, 200);
  for (const bad of [await post("/oauth/token", "grant_type=password"), await post("/oauth/token", "grant_type=client_credentials&scope=nope")]) {
    s.oauthError.parse(JSON.parse(bad.body));
  }
  const jwks = s.jwks.parse(JSON.parse((await get("/.well-known/jwks.json")).body));
  assert.ok(jwks.keys.length >= 1);
  for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
    const metadata = s.metadata.parse(JSON.parse((await get(path)).body));
    assert.deepEqual(metadata.grant_types_supported, [...oauth.metadataSources.grantTypes]);
  }
  // The token request schema's grant types are the registry's.
  const tokenRequest = doc.components.schemas.TokenRequest;
  assert.deepEqual(tokenRequest.properties.grant_type.enum, [...oauth.metadataSources.grantTypes]);
});

// GET /openapi.json — the OpenAPI 3.1 document of Keyport's HTTP interface, generated with
// @asteasolutions/zod-to-openapi from the zod schemas the code validates with: every /api/v1 route
// from the route table the router serves (lib/api/routes), and the OAuth endpoints from their
// schemas (./oauth-schemas.ts) and the OAuth server's registries. Built once per process.
import { z } from "zod";
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { MetadataSources } from "../../oauth/metadata";
import { DPOP_SIGNING_ALGS } from "../../oauth/dpop/verify-dpop-proof";
import { API_BASE_PATH } from "../api-http";
import type { ApiRoute } from "../api-route";
import { MANAGEMENT_AUDIENCE, MANAGEMENT_SCOPES } from "../api-principal";
import { MAX_IDEMPOTENCY_KEY_LENGTH } from "../idempotency";
import { PROBLEM_TYPES, problemSchema, problemType } from "../problem";
import { oauthSchemas } from "./oauth-schemas";

export interface OpenApiSources {
  routes: readonly ApiRoute[];
  /** The public origin: the server URL and the token URL of the OAuth 2.0 security scheme. */
  issuer: string;
  oauth: MetadataSources;
}

/** The API's version (the path's /v1); bump the minor for additions. */
export const API_VERSION = "1.0.0";

const problemContent = { "application/problem+json": { schema: problemSchema } };
const problem = (description: string, headers?: ResponseConfig["headers"]): ResponseConfig => ({ description, content: problemContent, ...(headers ? { headers } : {}) });
const WWW_AUTHENTICATE = { "WWW-Authenticate": { description: "RFC 6750 §3 / RFC 9449 §7.1 challenge", schema: { type: "string" as const } } };
const RETRY_AFTER = { "Retry-After": { description: "Seconds to wait (RFC 9110 §10.2.3)", schema: { type: "integer" as const } } };

function apiResponses(route: ApiRoute): RouteConfig["responses"] {
  const success: ResponseConfig = {
    description: route.response.description,
    content: { "application/json": { schema: route.response.schema } },
    ...(route.method === "POST" && route.idempotent !== false
      ? { headers: { "Idempotent-Replayed": { description: "true when this is the stored answer to an earlier request with the same Idempotency-Key", schema: { type: "string" as const } } } }
      : {}),
  };
  const responses: RouteConfig["responses"] = {
    [route.response.status]: success,
    400: problem("Malformed request: JSON body, Authorization or Idempotency-Key header (bad-request)"),
    401: problem("No valid access token for urn:keyport:management (invalid-token)", WWW_AUTHENTICATE),
    403: problem(`The token lacks the scope ${route.scope} (insufficient-scope)`, WWW_AUTHENTICATE),
    422: problem("Invalid path parameter, query or body; errors[] says which (validation-failed, idempotency-key-reused)"),
    429: problem("Too many requests from this application (rate-limited)", RETRY_AFTER),
    503: problem("The database is unavailable (unavailable)", RETRY_AFTER),
  };
  if (route.params) responses[404] = problem("No such resource (not-found)");
  if (route.method !== "GET") responses[409] = problem("The change conflicts with the current state, or the first request with this Idempotency-Key is still running (conflict, idempotency-in-progress)");
  if (route.body) {
    responses[413] = problem("The body exceeds 8 KiB (payload-too-large)");
    responses[415] = problem("The body is not application/json (unsupported-media-type)");
  }
  return responses;
}

function registerApiRoute(registry: OpenAPIRegistry, route: ApiRoute): void {
  const idempotent = route.method === "POST" && route.idempotent !== false;
  registry.registerPath({
    method: route.method.toLowerCase() as RouteConfig["method"],
    path: `${API_BASE_PATH}${route.path}`,
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [...route.tags],
    security: [{ bearerAuth: [route.scope] }, { oauth2: [route.scope] }],
    request: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      ...(idempotent
        ? {
            headers: z.object({
              "Idempotency-Key": z
                .string()
                .min(1)
                .max(MAX_IDEMPOTENCY_KEY_LENGTH)
                .optional()
                .meta({ description: "Repeat the request safely: the first answer is stored for 24 h and replayed for the same key and body" }),
            }),
          }
        : {}),
      ...(route.body ? { body: { required: true, content: { "application/json": { schema: route.body } } } } : {}),
    },
    responses: apiResponses(route),
  });
}

function registerOAuthEndpoints(registry: OpenAPIRegistry, issuer: string, sources: MetadataSources): void {
  const s = oauthSchemas(sources);
  const { paths } = sources;
  const form = (schema: z.ZodType) => ({
    required: true,
    content: { "application/x-www-form-urlencoded": { schema }, "application/json": { schema } },
  });
  const oauthError = (description: string, headers?: ResponseConfig["headers"]): ResponseConfig => ({
    description,
    content: { "application/json": { schema: s.oauthError } },
    ...(headers ? { headers } : {}),
  });
  // HTTP Basic, or (the empty requirement) credentials in the body.
  const clientAuth: Array<Record<string, string[]>> = [{ clientSecretBasic: [] }, {}];
  const clientAuthNote = `Client authentication: HTTP Basic (client_secret_basic), client_id and client_secret in the body (client_secret_post) or a client_assertion (private_key_jwt) — exactly one. Methods: ${sources.clientAuth.names.join(", ")}.`;
  const tags = ["OAuth 2.0"];

  registry.registerPath({
    method: "post",
    path: paths.token,
    operationId: "requestToken",
    summary: "Get an access token (client credentials)",
    description: `RFC 6749 §4.4 and §3.2; grants: ${sources.grantTypes.join(", ")}. The token is an RFC 9068 JWT; with a DPoP proof (RFC 9449) it is DPoP-bound. For the automation API, request audience=${MANAGEMENT_AUDIENCE}. ${clientAuthNote}`,
    tags,
    security: clientAuth,
    request: {
      headers: z.object({
        DPoP: z.string().optional().meta({ description: `A DPoP proof JWT (RFC 9449 §4): ${DPOP_SIGNING_ALGS.join(", ")}` }),
      }),
      body: form(s.tokenRequest),
    },
    responses: {
      200: { description: "RFC 6749 §5.1; Cache-Control: no-store", content: { "application/json": { schema: s.tokenResponse } } },
      400: oauthError("RFC 6749 §5.2: invalid_request, invalid_grant, unauthorized_client, unsupported_grant_type, invalid_scope, invalid_target, invalid_dpop_proof, use_dpop_nonce"),
      401: oauthError("invalid_client", { "WWW-Authenticate": { description: "Basic challenge", schema: { type: "string" } } }),
      405: oauthError("Not POST"),
      413: oauthError("Body over 8 KiB"),
      429: oauthError("temporarily_unavailable: too many failed client authentications", RETRY_AFTER),
      503: oauthError("temporarily_unavailable: the database is unreachable", RETRY_AFTER),
    },
  });
  registry.registerPath({
    method: "post",
    path: paths.introspection,
    operationId: "introspectToken",
    summary: "Is this token active? (RFC 7662)",
    description: `Only the token's own client, or a resource server an admin allowed for one of its audiences, learns its claims; anyone else gets {"active": false}. ${clientAuthNote}`,
    tags,
    security: clientAuth,
    request: { body: form(s.introspectionRequest) },
    responses: {
      200: { description: "RFC 7662 §2.2", content: { "application/json": { schema: s.introspectionResponse } } },
      400: oauthError("invalid_request"),
      401: oauthError("invalid_client"),
      429: oauthError("temporarily_unavailable", RETRY_AFTER),
      503: oauthError("temporarily_unavailable", RETRY_AFTER),
    },
  });
  registry.registerPath({
    method: "post",
    path: paths.revocation,
    operationId: "revokeToken",
    summary: "Revoke one of your tokens (RFC 7009)",
    description: `200 for unknown tokens too (RFC 7009 §2.2); another client's token is refused. ${clientAuthNote}`,
    tags,
    security: clientAuth,
    request: { body: form(s.revocationRequest) },
    responses: {
      200: { description: "Revoked (or unknown)" },
      400: oauthError("invalid_request, unsupported_token_type"),
      401: oauthError("invalid_client"),
      429: oauthError("temporarily_unavailable", RETRY_AFTER),
      503: oauthError("temporarily_unavailable", RETRY_AFTER),
    },
  });
  registry.registerPath({
    method: "get",
    path: paths.jwks,
    operationId: "getJwks",
    summary: "The public signing keys (RFC 7517)",
    tags,
    security: [],
    responses: { 200: { description: "Verify access tokens with these keys", content: { "application/json": { schema: s.jwks } } } },
  });
  for (const [path, operationId, summary] of [
    [paths.authorizationServerMetadata, "getAuthorizationServerMetadata", "Authorization server metadata (RFC 8414)"],
    [paths.openidConfiguration, "getOpenidConfiguration", "The same metadata for OpenID Connect discovery clients"],
  ] as const) {
    registry.registerPath({
      method: "get",
      path,
      operationId,
      summary,
      tags,
      security: [],
      responses: { 200: { description: `Issuer ${issuer}`, content: { "application/json": { schema: s.metadata } } } },
    });
  }
}

export function buildOpenApiDocument({ routes, issuer, oauth }: OpenApiSources): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: `An access token from ${issuer}${oauth.paths.token} with audience ${MANAGEMENT_AUDIENCE} and the operation's scope. DPoP-bound tokens: Authorization: DPoP plus a DPoP proof with ath (RFC 9449 §7).`,
  });
  registry.registerComponent("securitySchemes", "oauth2", {
    type: "oauth2",
    description: `Client credentials; the application must be allowed the audience ${MANAGEMENT_AUDIENCE} (make it the app's default audience, or send audience=${MANAGEMENT_AUDIENCE}).`,
    flows: { clientCredentials: { tokenUrl: `${issuer}${oauth.paths.token}`, scopes: { ...MANAGEMENT_SCOPES } } },
  });
  registry.registerComponent("securitySchemes", "clientSecretBasic", { type: "http", scheme: "basic", description: "client_secret_basic (RFC 6749 §2.3.1)" });
  for (const route of routes) registerApiRoute(registry, route);
  registerOAuthEndpoints(registry, issuer, oauth);

  const problemTypes = Object.entries(PROBLEM_TYPES)
    .map(([name, p]) => `- \`${problemType(name as keyof typeof PROBLEM_TYPES)}\` (${p.status}): ${p.title}`)
    .join("\n");
  const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Keyport",
      version: API_VERSION,
      description:
        `The automation API (${API_BASE_PATH}) and the OAuth 2.0 endpoints of this Keyport.\n\n` +
        `The API accepts Keyport's own access tokens: register an application with the management scopes and the audience ${MANAGEMENT_AUDIENCE}, ` +
        `get a token at ${oauth.paths.token}, and send it as \`Authorization: Bearer …\`. POSTs take an \`Idempotency-Key\`. ` +
        `Errors are RFC 9457 problem details (application/problem+json) of these types:\n\n${problemTypes}`,
    },
    servers: [{ url: issuer }],
    // In the order the routes list them, then the OAuth endpoints.
    tags: [...new Set([...routes.flatMap((r) => r.tags), "OAuth 2.0"])].map((name) => ({ name })),
  });
  return doc as unknown as Record<string, unknown>;
}

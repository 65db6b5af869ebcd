// The OAuth endpoints' wire formats as zod schemas, for the OpenAPI document: RFC 6749 §4.4 / §5
// (token), RFC 7662 (introspection), RFC 7009 (revocation), RFC 7517 (JWKS), RFC 8414 (metadata).
// The endpoints themselves parse their form bodies by hand, in spec order (lib/oauth/read-params.ts);
// what can come from their registries does — grant types, client-authentication methods, DPoP
// algorithms — and lib/api/openapi/openapi.test.ts parses real answers of the OAuth server with
// these schemas, so the document cannot drift from what the endpoints send.
import { z } from "zod";
import type { MetadataSources } from "../../oauth/metadata";
import { DPOP_SIGNING_ALGS } from "../../oauth/dpop/verify-dpop-proof";

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

const OAUTH_ERROR_CODES = [
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
  "invalid_target",
  "unsupported_token_type",
  "server_error",
  "temporarily_unavailable",
  "invalid_dpop_proof",
  "use_dpop_nonce",
] as const;

export function oauthSchemas(sources: Pick<MetadataSources, "grantTypes">) {
  const [firstGrant, ...otherGrants] = sources.grantTypes;
  const grantType = z.enum([firstGrant ?? "client_credentials", ...otherGrants] as [string, ...string[]]);
  const clientAuthBody = {
    client_id: z.string().max(128).optional().meta({ description: "client_secret_post, or with client_assertion" }),
    client_secret: z.string().optional().meta({ description: "client_secret_post (never together with HTTP Basic)" }),
    client_assertion_type: z.literal(CLIENT_ASSERTION_TYPE).optional().meta({ description: "private_key_jwt (RFC 7523 §2.2)" }),
    client_assertion: z.string().optional().meta({ description: "private_key_jwt: a JWT signed with one of the application's keys" }),
  };

  const tokenRequest = z
    .object({
      grant_type: grantType,
      scope: z.string().optional().meta({ description: "Space-separated subset of the application's scopes; omitted: all of them" }),
      audience: z.string().optional().meta({ description: "One of the application's audiences; omitted: its default" }),
      resource: z.string().optional().meta({ description: "RFC 8707 resource indicator (an absolute URI); may repeat" }),
      ...(sources.grantTypes.includes("refresh_token") ? { refresh_token: z.string().optional().meta({ description: "grant_type=refresh_token" }) } : {}),
      ...clientAuthBody,
    })
    .meta({ id: "TokenRequest", description: "application/x-www-form-urlencoded (or the same members as a JSON object)" });

  const tokenResponse = z
    .object({
      access_token: z.string().meta({ description: "An RFC 9068 JWT (typ at+jwt)" }),
      token_type: z.enum(["Bearer", "DPoP"]).meta({ description: "DPoP when the request carried a DPoP proof (RFC 9449 §5)" }),
      expires_in: z.number().int().positive(),
      scope: z.string(),
      refresh_token: z.string().optional(),
    })
    .meta({ id: "TokenResponse" });

  const oauthError = z
    .object({ error: z.enum(OAUTH_ERROR_CODES), error_description: z.string().optional() })
    .meta({ id: "OAuthError", description: "RFC 6749 §5.2" });

  const tokenOnly = {
    token: z.string().meta({ description: "The token" }),
    token_type_hint: z.enum(["access_token", "refresh_token"]).optional(),
    ...clientAuthBody,
  };
  const introspectionRequest = z.object(tokenOnly).meta({ id: "IntrospectionRequest" });
  const revocationRequest = z.object(tokenOnly).meta({ id: "RevocationRequest" });

  const introspectionResponse = z
    .object({
      active: z.boolean(),
      client_id: z.string().optional(),
      scope: z.string().optional(),
      aud: z.union([z.string(), z.array(z.string())]).optional(),
      iss: z.string().optional(),
      sub: z.string().optional(),
      exp: z.number().int().optional(),
      iat: z.number().int().optional(),
      jti: z.string().optional(),
      token_type: z.enum(["Bearer", "DPoP"]).optional(),
      cnf: z.record(z.string(), z.string()).optional().meta({ description: "RFC 9449 §6.2: {jkt} of a DPoP-bound token" }),
    })
    .meta({ id: "IntrospectionResponse", description: "RFC 7662 §2.2; {\"active\": false} for any token the caller may not learn about" });

  const jwk = z
    .object({
      kty: z.enum(["RSA", "EC", "OKP"]),
      kid: z.string(),
      alg: z.string(),
      use: z.literal("sig").optional(),
      n: z.string().optional(),
      e: z.string().optional(),
      crv: z.string().optional(),
      x: z.string().optional(),
      y: z.string().optional(),
    })
    .meta({ id: "JWK" });
  const jwks = z.object({ keys: z.array(jwk) }).meta({ id: "JWKS", description: "RFC 7517 §5: the current key and retired keys whose tokens may still be valid" });

  const metadata = z
    .looseObject({
      issuer: z.string(),
      token_endpoint: z.string(),
      jwks_uri: z.string(),
      introspection_endpoint: z.string(),
      revocation_endpoint: z.string(),
      scopes_supported: z.array(z.string()),
      grant_types_supported: z.array(grantType),
      token_endpoint_auth_methods_supported: z.array(z.string()),
      dpop_signing_alg_values_supported: z.array(z.enum(DPOP_SIGNING_ALGS)).optional(),
      service_documentation: z.string().optional(),
    })
    .meta({ id: "AuthorizationServerMetadata", description: "RFC 8414 §2 (and OpenID Connect Discovery 1.0 §3)" });

  return { tokenRequest, tokenResponse, oauthError, introspectionRequest, introspectionResponse, revocationRequest, jwks, metadata };
}

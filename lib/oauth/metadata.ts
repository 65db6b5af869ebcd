// The metadata documents, built from the registries so they can never advertise what is not
// there: RFC 8414 authorization server metadata and its OpenID Connect Discovery 1.0 twin.
import type { OAuthPaths } from "./dialects/response-dialect";

export interface MetadataSources {
  issuer: string;
  paths: Readonly<OAuthPaths>;
  /** Registered client-authentication methods (lib/oauth/client-auth). */
  clientAuth: { names: readonly string[]; signingAlgs: readonly string[] };
  /** Registered grant types (lib/oauth/grants). */
  grantTypes: readonly string[];
  /** Registered token bindings' metadata fields (lib/oauth/token-binding). */
  bindings: ReadonlyArray<{ metadata?: Readonly<Record<string, unknown>> }>;
}

/** What changes while the process runs: read per request. */
export interface MetadataState {
  /** Names of the scopes in the catalog, not retired. */
  scopes: readonly string[];
  /** Algorithms of the keys in the JWKS, the active one first (lib/keys/key-store.ts). */
  accessTokenAlgs: readonly string[];
}

/** RFC 8414 §2. No authorization endpoint: this server only does machine-to-machine grants. */
export function authorizationServerMetadata(src: MetadataSources, state: MetadataState): Record<string, unknown> {
  const { issuer, paths, clientAuth } = src;
  const methods = [...clientAuth.names];
  // §2: *_signing_alg_values_supported only when a registered method signs (private_key_jwt,
  // client_secret_jwt); listing none would be an empty array, which §2 forbids for this field.
  const algs = clientAuth.signingAlgs.length ? [...clientAuth.signingAlgs] : undefined;
  const doc: Record<string, unknown> = {
    issuer,
    token_endpoint: `${issuer}${paths.token}`,
    jwks_uri: `${issuer}${paths.jwks}`,
    introspection_endpoint: `${issuer}${paths.introspection}`,
    revocation_endpoint: `${issuer}${paths.revocation}`,
    scopes_supported: [...state.scopes],
    response_types_supported: [],
    grant_types_supported: [...src.grantTypes],
    token_endpoint_auth_methods_supported: methods,
    ...(algs ? { token_endpoint_auth_signing_alg_values_supported: algs } : {}),
    // RFC 8414 §2: the introspection (RFC 7662) and revocation (RFC 7009) endpoints authenticate
    // clients through the same registry.
    introspection_endpoint_auth_methods_supported: methods,
    ...(algs ? { introspection_endpoint_auth_signing_alg_values_supported: algs } : {}),
    revocation_endpoint_auth_methods_supported: methods,
    ...(algs ? { revocation_endpoint_auth_signing_alg_values_supported: algs } : {}),
    // Not an RFC 8414 field (§2 allows extensions): the algorithms of the keys in the JWKS,
    // i.e. what a resource server may meet in a current access token's header.
    access_token_signing_alg_values_supported: [...state.accessTokenAlgs],
  };
  // e.g. dpop_signing_alg_values_supported (RFC 9449 §5.1).
  for (const b of src.bindings) if (b.metadata) Object.assign(doc, b.metadata);
  doc.service_documentation = `${issuer}/docs`;
  return doc;
}

/**
 * OpenID Connect Discovery 1.0 §3, for clients whose default discovery is OIDC (openid-client's
 * discovery()). The same document plus the fields §3 calls REQUIRED, as far as they apply to a
 * server with no authorization endpoint and no ID tokens:
 *  - issuer, jwks_uri, response_types_supported: present already (RFC 8414 shares them);
 *  - token_endpoint: "REQUIRED unless only the Implicit Flow is used" — present;
 *  - authorization_endpoint: REQUIRED in §3, but there is none (client credentials only, RFC 6749
 *    §4.4), and inventing one would send clients to a 404. Omitted: a discovery client that
 *    insists on it could not have used this server anyway;
 *  - response_types_supported: [] — no response type is supported, and §3's "MUST support code,
 *    id_token and the token id_token" is for *dynamic* OpenID Providers, which this is not;
 *  - subject_types_supported: ["public"] — every token's `sub` is the client_id, the same for
 *    every audience (RFC 9068 §2.2), which is what "public" means (Core §8);
 *  - id_token_signing_alg_values_supported: no ID token is ever issued; the field lists the
 *    algorithms of the keys in the JWKS (what anything this server signs uses). Core §3.1.3.7's
 *    "RS256 MUST be included" would be a lie with KEYPORT_SIGNING_ALG=ES256 or EdDSA.
 */
export function openidProviderMetadata(src: MetadataSources, state: MetadataState): Record<string, unknown> {
  const doc = authorizationServerMetadata(src, state);
  const documentation = doc.service_documentation;
  delete doc.service_documentation;
  doc.subject_types_supported = ["public"];
  doc.id_token_signing_alg_values_supported = [...state.accessTokenAlgs];
  doc.service_documentation = documentation;
  return doc;
}

// The RFC dialect: Keyport's own paths and the RFC 6749 §5.1 / §5.2 shapes.
import { json } from "../oauth-http";
import type { ResponseDialect } from "./response-dialect";

export const RFC6749_DIALECT: ResponseDialect = {
  name: "rfc6749",
  paths: {
    token: "/oauth/token",
    introspection: "/oauth/introspect",
    revocation: "/oauth/revoke",
    jwks: "/.well-known/jwks.json",
    authorizationServerMetadata: "/.well-known/oauth-authorization-server",
    openidConfiguration: "/.well-known/openid-configuration",
  },
  // RFC 6749 §5.2: {error, error_description?}; the error's own headers (WWW-Authenticate for
  // invalid_client, Retry-After, DPoP-Nonce) win over the endpoint's defaults.
  errorResponse(err, headers) {
    const body: Record<string, string> = { error: err.error };
    if (err.description) body.error_description = err.description;
    return json(err.status, body, headers ? { ...headers, ...err.headers } : err.headers);
  },
  tokenResponse(body, headers) {
    return json(200, body, headers);
  },
};

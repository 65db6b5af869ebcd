// Shared first steps of the client-authenticated endpoints other than the token endpoint
// (introspection, RFC 7662 §2.1; revocation, RFC 7009 §2.1): POST, parameters, exactly one client
// authentication method behind the limits, the `token` parameter.
import type { CachedClient } from "../cache/client-cache";
import type { ClientAuthentication } from "./client-auth/client-authentication";
import type { EndpointContext } from "./endpoint-context";
import { OAuthError, invalidRequest } from "./errors";
import type { OAuthRequest } from "./oauth-http";
import { readParams } from "./read-params";

export async function readAuthenticatedRequest(
  endpoint: EndpointContext,
  clientAuth: ClientAuthentication,
  req: OAuthRequest,
): Promise<{ client: CachedClient; token: string }> {
  if (req.method !== "POST") throw new OAuthError("invalid_request", "use POST", 405, { Allow: "POST" });
  const params = readParams(req);
  const client = await clientAuth.authenticate(endpoint, req, params);
  const token = params.get("token");
  if (token === undefined) throw invalidRequest("missing token");
  return { client, token };
}

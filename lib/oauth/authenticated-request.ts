// Shared first steps of the client-authenticated endpoints (introspection, revocation).
import type { Runtime } from "../runtime";
import type { OAuthEndpointName } from "../events/events";
import type { CachedClient } from "../cache/client-cache";
import { OAuthError, invalidRequest } from "./errors";
import type { OAuthRequest } from "./oauth-http";
import { readParams } from "./read-params";
import { presentedCredentials } from "./client-credentials";
import { authenticateWithinLimits } from "./authenticate-within-limits";

export async function readAuthenticatedRequest(
  rt: Runtime,
  req: OAuthRequest,
  endpoint: Exclude<OAuthEndpointName, "token">,
): Promise<{ client: CachedClient; token: string }> {
  if (req.method !== "POST") throw new OAuthError("invalid_request", "use POST", 405, { Allow: "POST" });
  const params = readParams(req);
  const creds = presentedCredentials(req.header("authorization"), params);
  const client = await authenticateWithinLimits(rt, endpoint, req.remoteAddress, creds);
  const token = params.get("token");
  if (token === undefined) throw invalidRequest("missing token");
  return { client, token };
}

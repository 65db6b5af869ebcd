// The client-secret methods alone (client_secret_basic, client_secret_post), read through the same
// exactly-one rule as the endpoints (lib/oauth/client-auth/client-authentication.ts, RFC 6749 §2.3).
// The endpoints use the registry built by createOAuthServer(); this is for callers that only
// have an Authorization header and parameters.
import { ClientAuthentication } from "./client-auth/client-authentication";
import { clientSecretBasic } from "./client-auth/client-secret-basic";
import { clientSecretPost } from "./client-auth/client-secret-post";
import type { PresentedSecret } from "./client-auth/client-secret";
import type { OAuthRequest } from "./oauth-http";
import type { Params } from "./read-params";

export type PresentedCredentials = PresentedSecret;

const SECRET_METHODS = new ClientAuthentication([clientSecretBasic, clientSecretPost]);

export function presentedCredentials(authorization: string | undefined, params: Params): PresentedCredentials {
  const req: Pick<OAuthRequest, "header"> = { header: (name) => (name === "authorization" ? authorization : undefined) };
  return SECRET_METHODS.read(req as OAuthRequest, params) as PresentedCredentials;
}

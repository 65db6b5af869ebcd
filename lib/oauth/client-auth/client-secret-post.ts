// client_secret_post: client_id and client_secret as request parameters (RFC 6749 §2.3.1; the
// JSON body is read the same way, lib/oauth/read-params.ts).
import { checkClientId } from "./check-client-id";
import type { ClientAuthMethod } from "./client-auth-method";
import { verifyPresentedSecret, type PresentedSecret } from "./client-secret";
import { invalidClient } from "../errors";

export const clientSecretPost: ClientAuthMethod<PresentedSecret> = {
  name: "client_secret_post",
  usage: "client_id and client_secret in the body",
  isPresent: (_req, params) => params.has("client_secret"),
  read(_req, params) {
    const clientId = params.get("client_id");
    // A secret without the client it belongs to authenticates nobody.
    if (clientId === undefined) throw invalidClient("client_secret without client_id");
    checkClientId(clientId);
    return { method: "client_secret_post", clientId, clientSecret: params.get("client_secret")! };
  },
  verify: verifyPresentedSecret,
};

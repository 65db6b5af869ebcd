// Shared by client_secret_basic and client_secret_post (RFC 6749 §2.3.1): the presented pair and
// its verification against the cached client's secret digests (lib/oauth/authenticate-client.ts).
import type { CachedClient } from "../../cache/client-cache";
import type { EndpointContext } from "../endpoint-context";
import { verifyClientSecret } from "../authenticate-client";
import type { PresentedClient } from "./client-auth-method";
import { invalidClient } from "../errors";

export interface PresentedSecret extends PresentedClient {
  readonly method: "client_secret_basic" | "client_secret_post";
  readonly clientId: string;
  readonly clientSecret: string;
}

export async function verifyPresentedSecret(presented: PresentedSecret, endpoint: EndpointContext): Promise<CachedClient> {
  const client = await verifyClientSecret(endpoint.services.clients, endpoint.services.config.secret, presented);
  // The application's registered method is the only one it may use (RFC 7591 §2
  // token_endpoint_auth_method): a private_key_jwt client has no secret, and should a secret row
  // ever exist for it, it still does not authenticate (lib/oauth/client-auth/private-key-jwt.ts
  // refuses the converse).
  if (client.authMethod !== "client_secret") throw invalidClient();
  return client;
}

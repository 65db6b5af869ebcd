import type { CachedClient } from "../../cache/client-cache";
import { invalidClient } from "../errors";

/**
 * After a successful proof: a pending or disabled application is refused. Only a client that
 * proved who it is learns why (anyone else gets the plain invalid_client).
 */
export function refuseUnusableClient(client: CachedClient): void {
  if (client.status === "disabled") throw invalidClient("the application is disabled");
  if (client.status === "pending") throw invalidClient("the application is pending approval");
}

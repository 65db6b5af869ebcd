import { isWellFormedClientId } from "../../crypto/credentials";
import { invalidClient } from "../errors";

/**
 * A client_id that cannot be one (over 128 characters, control characters, NUL included) fails
 * client authentication here, before any cache or database work: it costs neither memory nor a
 * query, and never reaches PostgreSQL (which refuses NUL in text with an error).
 */
export function checkClientId(clientId: string): void {
  if (!isWellFormedClientId(clientId)) throw invalidClient("malformed client_id");
}

import type { KeyportConfig } from "../config/env";

/** KEYPORT_ISSUER, or (embedded/development) the origin the request came to. No trailing slash. */
export function issuerFor(config: KeyportConfig, origin: string): string {
  return (config.KEYPORT_ISSUER ?? origin).replace(/\/+$/, "");
}

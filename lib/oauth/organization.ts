// `organization` on a token request (Auth0's parameter for machine-to-machine tokens of an
// organization): it names the application's team — by id or slug — and the token then carries
// `org_id` (the team id) and `org_name` (its name). Any other value is `invalid_request`
// (RFC 6749 §5.2: a parameter with an unacceptable value). Absent, it costs nothing: no lookup,
// no allocation, the same claims object as before.
import type { CachedClient } from "../cache/client-cache";
import { invalidRequest } from "./errors";
import type { Params } from "./read-params";

export function organizationClaims(
  params: Params,
  client: CachedClient,
  /** Claims the path adds already (a vendor profile's): kept, the org claims added to them. */
  base?: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> | undefined {
  const organization = params.get("organization");
  if (organization === undefined) return base;
  if (organization !== client.teamId && organization !== client.teamSlug) {
    throw invalidRequest("organization does not name the team this client belongs to");
  }
  return base ? { ...base, ...client.orgClaims } : client.orgClaims;
}

// Client authentication at the token, introspection and revocation endpoints, over the registered
// methods (lib/oauth/client-auth/index.ts):
//  1. exactly one method per request (RFC 6749 §2.3: "The client MUST NOT use more than one
//     authentication method in each request"), chosen by what the request carries;
//  2. a client_id parameter beside another method must name the same client (RFC 7521 §4.2);
//  3. the method's proof, behind the brute-force limits (RFC 6749 §10.10; lib/rate-limit): a
//     memory-only check first, the shared counters only on failure;
//  4. the client's status, told only to a client that proved who it is.
import type { CachedClient } from "../../cache/client-cache";
import type { EndpointContext } from "../endpoint-context";
import { invalidClient, invalidRequest } from "../errors";
import type { OAuthRequest } from "../oauth-http";
import type { Params } from "../read-params";
import { authenticateWithinLimits } from "../authenticate-within-limits";
import { checkClientId } from "./check-client-id";
import type { ClientAuthMethod, PresentedClient } from "./client-auth-method";

export class ClientAuthentication {
  /** Registered names in order: *_endpoint_auth_methods_supported (RFC 8414 §2). */
  readonly names: readonly string[];
  /** Union of the methods' algorithms (token_endpoint_auth_signing_alg_values_supported); empty: none declares any. */
  readonly signingAlgs: readonly string[];
  private readonly byName: ReadonlyMap<string, ClientAuthMethod>;
  private readonly requiredMessage: string;

  constructor(private readonly methods: readonly ClientAuthMethod[]) {
    const byName = new Map<string, ClientAuthMethod>();
    for (const m of methods) {
      if (byName.has(m.name)) throw new Error(`client authentication method registered twice: ${m.name}`);
      byName.set(m.name, m);
    }
    this.byName = byName;
    this.names = methods.map((m) => m.name);
    this.signingAlgs = [...new Set(methods.flatMap((m) => m.signingAlgs ?? []))];
    this.requiredMessage = `client authentication required (${methods.map((m) => m.usage).join(", or ")})`;
  }

  /** Steps 1–2: which client the request claims to be, and by which (single) method. No I/O. */
  read(req: OAuthRequest, params: Params): PresentedClient {
    const bodyId = params.get("client_id");
    // Beside any method, a client_id that cannot be one is a failed authentication, before anything else.
    if (bodyId !== undefined) checkClientId(bodyId);
    let chosen: ClientAuthMethod | undefined;
    let present = 0;
    for (const m of this.methods) {
      if (m.isPresent(req, params)) {
        present++;
        chosen ??= m;
      }
    }
    if (!chosen) throw invalidClient(this.requiredMessage);
    // The first method's own malformation is reported as such (as before the registry existed).
    const presented = chosen.read(req, params);
    if (present > 1) throw invalidRequest("more than one client authentication method was used");
    if (bodyId !== undefined && bodyId !== presented.clientId) {
      throw invalidRequest("client_id in the body does not match the client authentication");
    }
    return presented;
  }

  /** Step 3 without the limits: the method's proof (authenticateWithinLimits wraps it). */
  verify(presented: PresentedClient, endpoint: EndpointContext, req: OAuthRequest, params: Params): Promise<CachedClient> {
    const method = this.byName.get(presented.method);
    if (!method) throw new Error(`no client authentication method ${presented.method}`);
    return method.verify(presented, endpoint, req, params);
  }

  /** Steps 1–4. Errors are OAuthErrors: invalid_client (401), invalid_request, or 429 from the limits. */
  authenticate(endpoint: EndpointContext, req: OAuthRequest, params: Params, presented = this.read(req, params)): Promise<CachedClient> {
    return authenticateWithinLimits(this, endpoint, req, params, presented);
  }
}

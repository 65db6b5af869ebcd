// private_key_jwt: the client proves itself with a JWT it signed with its own private key
// (RFC 7523 §2.2 and §3, RFC 7521 §4.2, OpenID Connect Core §9). Keyport holds public keys only:
// inline ones (lib/client-keys, imported once into the client cache) or the client's jwks_uri
// (fetched, cached and rate-limited by RemoteJwksCache). Accepted wherever client authentication
// is (token, introspection, revocation), behind the same brute-force limits.
//
// Failures: the caller always gets the same invalid_client (no hint of which check failed); the
// reason goes to the log (client_id and reason, never the assertion) and — for a known
// application — to its audit trail as `client.assertion_rejected`, at most once per application,
// reason and minute per instance, so the owner can see why their client is refused.
import { decodeJwt } from "jose";
import { CLIENT_KEY_ALGS } from "../../client-keys/client-key-algs";
import { JwksUnavailableError, RemoteJwksCache } from "../../client-keys/remote-jwks-cache";
import type { VerificationKey } from "../../client-keys/verification-key";
import type { CachedClient } from "../../cache/client-cache";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { publicUrl } from "../../config/public-origin";
import { log } from "../../log";
import type { EndpointContext } from "../endpoint-context";
import { invalidClient } from "../errors";
import type { OAuthServices } from "../oauth-services";
import { checkClientId } from "./check-client-id";
import type { ClientAuthMethod, ClientAuthMethodFactory, PresentedClient } from "./client-auth-method";
import {
  ClientAssertionRejected,
  verifyClientAssertion,
  type AssertionKeySource,
  type AssertionRejection,
} from "./verify-client-assertion";

export interface PresentedAssertion extends PresentedClient {
  readonly method: "private_key_jwt";
  readonly assertion: string;
  readonly assertionType: string | undefined;
}

/** One audit row per (application, reason) per this interval and instance: visible, never a flood. */
const AUDIT_INTERVAL_MS = 60_000;
const MAX_AUDIT_THROTTLE_ENTRIES = 10_000;

/** The client_id an assertion claims (its iss), or undefined when it cannot be read. */
function issuerOf(assertion: string): string | undefined {
  try {
    const iss = decodeJwt(assertion).iss;
    return typeof iss === "string" ? iss : undefined;
  } catch {
    return undefined;
  }
}

export interface PrivateKeyJwtOptions {
  /** Tests inject one; otherwise built from the configuration. */
  remoteKeys?: RemoteJwksCache;
}

export function createPrivateKeyJwt(services: OAuthServices, options: PrivateKeyJwtOptions = {}): ClientAuthMethod<PresentedAssertion> {
  const { config, clients, replay, prisma } = services;
  const remoteKeys =
    options.remoteKeys ??
    new RemoteJwksCache({ allowPrivate: config.KEYPORT_JWKS_URI_ALLOW_PRIVATE, cooldownMs: config.KEYPORT_JWKS_URI_COOLDOWN * 1000 });
  // RFC 7523 §3 item 3 (and OpenID Connect Core §9): the issuer, the token endpoint URL, or the
  // URL of the endpoint being called.
  const tokenEndpointUrl = publicUrl(config, "/oauth/token");
  const audiencesByEndpoint = new Map<string, readonly string[]>();
  const audiencesFor = (endpoint: EndpointContext): readonly string[] => {
    let list = audiencesByEndpoint.get(endpoint.url);
    if (!list) {
      list = [...new Set([endpoint.issuer, endpoint.url, tokenEndpointUrl])];
      audiencesByEndpoint.set(endpoint.url, list);
    }
    return list;
  };
  const audited = new Map<string, number>();

  const keySource = (client: CachedClient): AssertionKeySource => {
    if (!client.jwksUri) return { keys: async () => client.keys };
    const uri = client.jwksUri;
    const unavailable = (err: unknown): never => {
      if (err instanceof JwksUnavailableError) throw new ClientAssertionRejected("jwks_unavailable");
      throw err;
    };
    return {
      keys: (): Promise<readonly VerificationKey[]> => remoteKeys.keys(client.appId, uri).catch(unavailable),
      refetch: (): Promise<readonly VerificationKey[]> => remoteKeys.refetch(client.appId, uri).catch(unavailable),
    };
  };

  const recordRejection = (presented: PresentedAssertion, endpoint: EndpointContext, address: string, reason: AssertionRejection, client: CachedClient | null): void => {
    log.info("client assertion rejected", { client_id: presented.clientId, endpoint: endpoint.endpoint, reason });
    if (!client) return;
    const key = `${client.appId}\n${reason}`;
    const now = Date.now();
    if ((audited.get(key) ?? 0) > now - AUDIT_INTERVAL_MS) return;
    if (audited.size >= MAX_AUDIT_THROTTLE_ENTRIES) audited.clear();
    audited.set(key, now);
    // Not awaited: the caller's answer does not wait for the audit row.
    recordAuditEvent(prisma, { type: "client", id: client.clientId, ip: address }, {
      action: "client.assertion_rejected",
      targetType: "application",
      targetId: client.appId,
      applicationId: client.appId,
      details: { reason, endpoint: endpoint.endpoint },
    }).catch((err: unknown) => log.warn("audit of a rejected assertion failed", { error: err instanceof Error ? err.message : String(err) }));
  };

  return {
    name: "private_key_jwt",
    usage: "a client_assertion signed with the client's private key (private_key_jwt)",
    signingAlgs: CLIENT_KEY_ALGS,
    isPresent: (_req, params) => params.has("client_assertion") || params.has("client_assertion_type"),
    read(_req, params) {
      const assertion = params.get("client_assertion");
      // RFC 7521 §4.2: client_id is optional; the assertion's iss names the client then.
      const clientId = params.get("client_id") ?? (assertion ? issuerOf(assertion) : undefined);
      if (!assertion || clientId === undefined) throw invalidClient();
      checkClientId(clientId);
      return { method: "private_key_jwt", clientId, assertion, assertionType: params.get("client_assertion_type") };
    },
    async verify(presented, endpoint, req) {
      let client: CachedClient | null = null;
      try {
        client = await clients.get(presented.clientId);
        if (!client) throw new ClientAssertionRejected("unknown_client");
        // A secret client cannot authenticate with an assertion (nor a key client with a secret:
        // lib/oauth/authenticate-client.ts).
        if (client.authMethod !== "private_key_jwt") throw new ClientAssertionRejected("wrong_auth_method");
        const known = client;
        await verifyClientAssertion({
          clientId: presented.clientId,
          assertionType: presented.assertionType,
          assertion: presented.assertion,
          audiences: audiencesFor(endpoint),
          keys: keySource(known),
          claimJti: (jti, expiresAt) => replay.claimOnce("client_assertion", known.clientId, jti, expiresAt),
        });
        return known;
      } catch (err) {
        if (!(err instanceof ClientAssertionRejected)) throw err;
        recordRejection(presented, endpoint, req.remoteAddress, err.reason, client);
        throw invalidClient();
      }
    },
  };
}

export const privateKeyJwt: ClientAuthMethodFactory = (services) => createPrivateKeyJwt(services);

// GET /metrics — Prometheus text exposition format (0.0.4) of this process's registry
// (lib/metrics/create-metrics.ts). Served by Keyport's own server only (server/main.ts dispatches
// it like the OAuth paths; there is no App Router route, so `next dev` answers 404).
//
// Who may scrape: without KEYPORT_METRICS_TOKEN, clients on this machine only — a loopback socket
// with no proxy's forwarding headers (lib/http/client-address.ts: a reverse proxy on the same host
// makes every socket loopback, so a proxied request never counts). With KEYPORT_METRICS_TOKEN,
// `Authorization: Bearer <token>` (RFC 6750 §2.1) from anywhere, loopback included. The answer is
// never cacheable: it is a snapshot, and a shared cache must not hand it to someone else.
import crypto from "node:crypto";
import { isFromThisMachine } from "../http/client-address";
import type { OAuthRequest, OAuthResponse } from "../oauth/oauth-http";
import type { KeyportMetrics } from "./create-metrics";

const NEVER_CACHE = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

export const METRICS_LOOPBACK_ONLY =
  "Forbidden: /metrics answers clients on this machine only (not through a proxy). Set KEYPORT_METRICS_TOKEN to scrape it with a bearer token.\n";
export const METRICS_TOKEN_REQUIRED = "Unauthorized: /metrics needs Authorization: Bearer <KEYPORT_METRICS_TOKEN>.\n";

export interface MetricsAccess {
  /** config.KEYPORT_METRICS_TOKEN */
  token: string | undefined;
  /** config.KEYPORT_TRUST_PROXY */
  trustProxy: number;
}

function text(status: number, body: string, headers: Record<string, string> = {}): OAuthResponse {
  return { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...NEVER_CACHE, ...headers }, body };
}

/** Constant-time comparison of the presented token with the configured one (any lengths). */
function sameToken(presented: string, expected: string): boolean {
  const digest = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest();
  return crypto.timingSafeEqual(digest(presented), digest(expected));
}

/** The credentials of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110 §11.1). */
function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  return m?.[1];
}

/** The access decision alone: null when the request may scrape, else the refusal to send. */
export function refuseMetricsRequest(req: OAuthRequest, access: MetricsAccess): OAuthResponse | null {
  if (access.token) {
    const presented = bearerToken(req.header("authorization"));
    if (presented !== undefined && sameToken(presented, access.token)) return null;
    // RFC 6750 §3: the challenge; §3.1 invalid_token when a token was presented but is wrong.
    const challenge = presented === undefined ? 'Bearer realm="keyport-metrics"' : 'Bearer realm="keyport-metrics", error="invalid_token"';
    return text(401, METRICS_TOKEN_REQUIRED, { "WWW-Authenticate": challenge });
  }
  // With KEYPORT_TRUST_PROXY unset, remoteAddress is the socket's peer (clientAddress ignores
  // X-Forwarded-For); with it set, isFromThisMachine is false whatever the address.
  if (!isFromThisMachine(req.remoteAddress, req.header, access.trustProxy)) return text(403, METRICS_LOOPBACK_ONLY);
  return null;
}

export async function answerMetricsRequest(req: OAuthRequest, metrics: KeyportMetrics, access: MetricsAccess): Promise<OAuthResponse> {
  if (req.method !== "GET" && req.method !== "HEAD") return text(405, "Method Not Allowed: use GET.\n", { Allow: "GET, HEAD" });
  const refusal = refuseMetricsRequest(req, access);
  if (refusal) return refusal;
  return { status: 200, headers: { "Content-Type": metrics.contentType, ...NEVER_CACHE }, body: await metrics.registry.metrics() };
}

/** The handler for this process's registry and configuration (built once by createOAuthServer). */
export function createMetricsEndpoint(services: {
  metrics: KeyportMetrics;
  config: { KEYPORT_METRICS_TOKEN?: string; KEYPORT_TRUST_PROXY: number };
}): (req: OAuthRequest) => Promise<OAuthResponse> {
  const access: MetricsAccess = { token: services.config.KEYPORT_METRICS_TOKEN, trustProxy: services.config.KEYPORT_TRUST_PROXY };
  return (req) => answerMetricsRequest(req, services.metrics, access);
}

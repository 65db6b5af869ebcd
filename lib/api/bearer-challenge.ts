// The WWW-Authenticate challenges of a protected resource: RFC 6750 §3 (Bearer) and RFC 9449 §7.1
// (DPoP), and the problems that carry them. Descriptions are fixed texts of ours — never the
// caller's input — limited to the characters §3 allows (%x20-21 / %x23-5B / %x5D-7E).
import { DPOP_SIGNING_ALGS } from "../oauth/dpop/verify-dpop-proof";
import { ApiProblem } from "./problem";

export const API_REALM = "keyport";
const DPOP_ALGS = DPOP_SIGNING_ALGS.join(" ");

export type BearerErrorCode = "invalid_request" | "invalid_token" | "insufficient_scope";
export type DpopErrorCode = BearerErrorCode | "invalid_dpop_proof" | "use_dpop_nonce";

const quoted = (v: string) => `"${v.replace(/["\\]/g, "").replace(/[^\x20-\x7e]/g, "")}"`;

export function bearerChallenge(error?: BearerErrorCode, description?: string, scope?: string): string {
  let c = `Bearer realm=${quoted(API_REALM)}`;
  if (error) c += `, error=${quoted(error)}`;
  if (description) c += `, error_description=${quoted(description)}`;
  if (scope) c += `, scope=${quoted(scope)}`;
  return c;
}

export function dpopChallenge(error?: DpopErrorCode, description?: string, scope?: string): string {
  let c = `DPoP realm=${quoted(API_REALM)}`;
  if (error) c += `, error=${quoted(error)}`;
  if (description) c += `, error_description=${quoted(description)}`;
  if (scope) c += `, scope=${quoted(scope)}`;
  return `${c}, algs=${quoted(DPOP_ALGS)}`;
}

/**
 * RFC 6750 §3.1: a request without credentials gets the challenges without an error code; the
 * API accepts Bearer tokens and DPoP-bound ones (RFC 9449 §7.1 allows both challenges at once).
 */
export function missingCredentials(): ApiProblem {
  return new ApiProblem("invalid-token", "Send an access token for urn:keyport:management: Authorization: Bearer <token>.", {
    headers: { "WWW-Authenticate": `${bearerChallenge()}, ${dpopChallenge()}` },
  });
}

export type AuthScheme = "Bearer" | "DPoP";

/** 401 invalid_token (RFC 6750 §3.1), challenged in the scheme the request used. */
export function invalidToken(description: string, scheme: AuthScheme = "Bearer", extraHeaders: Record<string, string> = {}): ApiProblem {
  const challenge = scheme === "DPoP" ? dpopChallenge("invalid_token", description) : bearerChallenge("invalid_token", description);
  return new ApiProblem("invalid-token", description, { headers: { "WWW-Authenticate": challenge, ...extraHeaders } });
}

/** 400 invalid_request (RFC 6750 §3.1): a malformed Authorization header, or a token sent twice. */
export function invalidAuthRequest(description: string): ApiProblem {
  return new ApiProblem("bad-request", description, { headers: { "WWW-Authenticate": bearerChallenge("invalid_request", description) } });
}

/** 401 with a DPoP proof error (RFC 9449 §7.1) or a nonce to use (§9, with DPoP-Nonce). */
export function dpopProofProblem(error: "invalid_dpop_proof" | "use_dpop_nonce", description: string, headers: Record<string, string> = {}): ApiProblem {
  return new ApiProblem("invalid-token", description, { headers: { ...headers, "WWW-Authenticate": dpopChallenge(error, description) } });
}

/** 403 insufficient_scope with the scope the route needs (RFC 6750 §3, §3.1). */
export function insufficientScope(scope: string, scheme: AuthScheme): ApiProblem {
  const description = `This operation needs the scope ${scope}.`;
  const challenge = scheme === "DPoP" ? dpopChallenge("insufficient_scope", description, scope) : bearerChallenge("insufficient_scope", description, scope);
  return new ApiProblem("insufficient-scope", description, { headers: { "WWW-Authenticate": challenge } });
}

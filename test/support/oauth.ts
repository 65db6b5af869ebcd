// HTTP helpers for the OAuth endpoints: raw requests (so tests control every header and byte),
// client authentication encodings, and RFC 9068 verification of access tokens with jose.
import assert from "node:assert/strict";
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyResult } from "jose";

/** application/x-www-form-urlencoded encoding of one value (RFC 6749 Appendix B). */
export function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** `Basic …` per RFC 6749 §2.3.1: form-urlencode id and secret, join with ':', base64. */
export function basicAuth(clientId: string, clientSecret: string): string {
  return "Basic " + Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString("base64");
}

/** Every character percent-encoded: a correct server form-urldecodes it back to the same value. */
export function percentEncodeAll(value: string): string {
  return [...Buffer.from(value, "utf8")].map((b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")).join("");
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (undefined if the body is not JSON). */
  body: Record<string, unknown> | undefined;
}

export async function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> } = {},
): Promise<HttpResult> {
  const res = await fetch(url, {
    method: init.method ?? "POST",
    headers: init.headers,
    body: init.body,
    redirect: "manual",
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** POST an application/x-www-form-urlencoded body built from `pairs` (repeats allowed). */
export function postForm(url: string, pairs: [string, string][] | Record<string, string>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams(Array.isArray(pairs) ? pairs : Object.entries(pairs)).toString();
  return request(url, { headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body });
}

export function postJson(url: string, value: unknown, headers: Record<string, string> = {}) {
  return request(url, { headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(value) });
}

/** Assert an RFC 6749 §5.2 error response: exact status, exact `error`, JSON body. */
export function assertOAuthError(res: HttpResult, status: number, error: string): void {
  assert.equal(res.status, status, `expected ${status} ${error}, got ${res.status}: ${res.text}`);
  assert.ok(res.body, `error body is not JSON: ${res.text}`);
  assert.equal(res.body.error, error, `expected error ${error}: ${res.text}`);
  if ("error_description" in res.body) assert.equal(typeof res.body.error_description, "string");
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  if (error === "invalid_client" && status === 401) {
    assert.ok(res.headers.get("www-authenticate"), "401 invalid_client must carry WWW-Authenticate (RFC 6749 §5.2)");
  }
}

/** Client-credentials token via client_secret_basic; asserts 200 and returns the body. */
export async function getToken(
  baseUrl: string,
  clientId: string,
  clientSecret: string,
  params: Record<string, string> = {},
): Promise<{ access_token: string; token_type: string; expires_in: number; scope: string }> {
  const res = await postForm(`${baseUrl}/oauth/token`, { grant_type: "client_credentials", ...params }, {
    Authorization: basicAuth(clientId, clientSecret),
  });
  assert.equal(res.status, 200, `token request failed: ${res.status} ${res.text}`);
  return res.body as { access_token: string; token_type: string; expires_in: number; scope: string };
}

const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
/** A fresh remote JWKS per call when `fresh`, so key rotation is observed. */
export function jwks(baseUrl: string, fresh = false) {
  const url = `${baseUrl}/.well-known/jwks.json`;
  if (fresh || !jwksCache.has(url)) jwksCache.set(url, createRemoteJWKSet(new URL(url), { cooldownDuration: 0 }));
  return jwksCache.get(url)!;
}

export interface AccessTokenClaims extends JWTPayload {
  client_id: string;
  scope: string;
  jti: string;
}

/**
 * Verify an access token as a resource server would (RFC 9068 §4): signature against the served
 * JWKS with the algorithm pinned, typ at+jwt, iss, aud, exp; and the required claims present.
 */
export async function verifyAccessToken(
  baseUrl: string,
  token: string,
  expect: { issuer: string; audience: string; algorithms?: string[]; fresh?: boolean },
): Promise<JWTVerifyResult<AccessTokenClaims>> {
  const result = await jwtVerify<AccessTokenClaims>(token, jwks(baseUrl, expect.fresh), {
    issuer: expect.issuer,
    audience: expect.audience,
    algorithms: expect.algorithms ?? ["RS256"],
    typ: "at+jwt",
  });
  const { payload, protectedHeader } = result;
  assert.equal(protectedHeader.typ, "at+jwt");
  assert.equal(typeof protectedHeader.kid, "string");
  for (const claim of ["iss", "sub", "client_id", "aud", "scope", "iat", "exp", "jti"] as const) {
    assert.ok(payload[claim] !== undefined, `claim ${claim} missing`);
  }
  assert.equal(payload.sub, payload.client_id, "sub is the client id (RFC 9068 §2.2)");
  return result;
}

export function decodeJwtHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as Record<string, unknown>;
}
export function decodeJwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `fn` until it returns true (cache invalidation is asynchronous: "within a second"). */
export async function eventually(fn: () => Promise<boolean>, timeoutMs = 3000, stepMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
}

// Fetch a client's JWKS from its jwks_uri (RFC 7517 §5; OpenID Connect Core §10.1.1) under the
// rule of jwks-uri-rule.ts: a hard timeout for the whole exchange, a size cap, https only, every
// address connected to checked (the DNS answer itself, so rebinding cannot reach a private
// address), redirects followed only to URLs that pass the same rule, at most three.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { checkJwksUri, isNonPublicAddress, type JwksUriPolicy } from "./jwks-uri-rule";
import { parseRemoteJwks } from "./parse-client-keys";
import type { ParsedClientKey } from "./validate-public-jwk";

export const JWKS_FETCH_TIMEOUT_MS = 3_000;
export const JWKS_MAX_BYTES = 64 * 1024;
const MAX_REDIRECTS = 3;

export interface FetchJwksOptions extends JwksUriPolicy {
  timeoutMs?: number;
  maxBytes?: number;
}

export interface FetchedJwks {
  keys: ParsedClientKey[];
  /** Keys the document holds that cannot be used (encryption keys, other curves…), with why. */
  skipped: string[];
  /** Seconds the response may be cached (Cache-Control max-age), if it said. */
  maxAgeSeconds: number | null;
}

export class JwksFetchError extends Error {
  override name = "JwksFetchError";
}

/** dns.lookup, refusing non-public answers (checked on what the socket will connect to). */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as dns.LookupAddress[];
      const blocked = !allowPrivate && list.some((a) => isNonPublicAddress(a.address));
      if (blocked || list.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: "EJWKSADDR" }), "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function maxAgeOf(cacheControl: string | undefined): number | null {
  if (!cacheControl) return null;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const m = /(^|,)\s*max-age\s*=\s*"?(\d{1,9})"?/i.exec(cacheControl);
  return m ? Number(m[2]) : null;
}

interface RawResponse {
  status: number;
  location?: string;
  cacheControl?: string;
  body: string;
}

function requestOnce(url: URL, options: Required<Pick<FetchJwksOptions, "timeoutMs" | "maxBytes">> & JwksUriPolicy, deadline: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new JwksFetchError("timed out"));
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.request(url, {
      method: "GET",
      headers: { accept: "application/jwk-set+json, application/json", "user-agent": "keyport-jwks-fetcher" },
      lookup: guardedLookup(options.allowPrivate),
      // No connection reuse: each fetch is rare and independent.
      agent: false,
    });
    const timer = setTimeout(() => req.destroy(new JwksFetchError(`timed out after ${options.timeoutMs} ms`)), remaining);
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err instanceof JwksFetchError ? err : new JwksFetchError((err as NodeJS.ErrnoException).code === "EJWKSADDR" ? err.message : `cannot fetch: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        clearTimeout(timer);
        return resolve({ status, location: res.headers.location, body: "" });
      }
      const declared = Number(res.headers["content-length"] ?? "0");
      if (declared > options.maxBytes) {
        req.destroy(new JwksFetchError(`larger than ${options.maxBytes} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) req.destroy(new JwksFetchError(`larger than ${options.maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on("end", () => {
        clearTimeout(timer);
        const cc = res.headers["cache-control"];
        resolve({ status, cacheControl: Array.isArray(cc) ? cc.join(",") : cc, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", () => {});
    });
    req.end();
  });
}

/** Fetch and parse a JWKS. Throws JwksFetchError with a short, log-safe reason. */
export async function fetchJwks(uri: string, options: FetchJwksOptions): Promise<FetchedJwks> {
  const settings = { timeoutMs: options.timeoutMs ?? JWKS_FETCH_TIMEOUT_MS, maxBytes: options.maxBytes ?? JWKS_MAX_BYTES, allowPrivate: options.allowPrivate };
  const deadline = Date.now() + settings.timeoutMs;
  let current = uri;
  for (let hop = 0; ; hop++) {
    let url: URL;
    try {
      url = new URL(checkJwksUri(current, settings));
    } catch {
      throw new JwksFetchError(hop === 0 ? "the jwks_uri is not allowed" : "redirected to a URL that is not allowed");
    }
    const res = await requestOnce(url, settings, deadline);
    if (res.status >= 300 && res.status < 400) {
      if (!res.location) throw new JwksFetchError(`HTTP ${res.status} without Location`);
      if (hop >= MAX_REDIRECTS) throw new JwksFetchError("too many redirects");
      current = new URL(res.location, url).href;
      continue;
    }
    if (res.status !== 200) throw new JwksFetchError(`HTTP ${res.status}`);
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      throw new JwksFetchError("the response is not JSON");
    }
    let parsed: { keys: ParsedClientKey[]; skipped: string[] };
    try {
      parsed = await parseRemoteJwks(body);
    } catch (err) {
      throw new JwksFetchError(err instanceof Error ? err.message : "not a JWKS");
    }
    return { ...parsed, maxAgeSeconds: maxAgeOf(res.cacheControl) };
  }
}

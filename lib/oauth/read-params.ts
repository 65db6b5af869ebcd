// Request body → parameters: size cap, content type (form or JSON), duplicates.
import { invalidRequest, OAuthError } from "./errors";
import type { OAuthRequest } from "./oauth-http";

export interface Params {
  /** Single-valued parameters (empty values are treated as omitted, RFC 6749 §3.1). */
  get(name: string): string | undefined;
  has(name: string): boolean;
  /** RFC 8707 §2: `resource` may be repeated. */
  resources: string[];
}

/** Parameters that may appear more than once (RFC 8707 §2). Everything else: RFC 6749 §3.1. */
const REPEATABLE = new Set(["resource"]);

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

function fromForm(body: string): Params {
  const values = new Map<string, string>();
  const resources: string[] = [];
  for (const [name, value] of new URLSearchParams(body)) {
    if (value === "") continue;
    if (REPEATABLE.has(name)) {
      resources.push(value);
      continue;
    }
    // RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
    if (values.has(name)) throw invalidRequest(`duplicate parameter: ${name}`);
    values.set(name, value);
  }
  return { get: (n) => values.get(n), has: (n) => values.has(n), resources };
}

/**
 * JSON bodies are not in RFC 6749, but many real integrations (Auth0-style clients) send
 * `{grant_type, client_id, client_secret, scope, audience}` as JSON. Values must be strings;
 * `audience`/`resource` may also be arrays of strings.
 */
function fromJson(body: string): Params {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw invalidRequest("request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest("request body must be a JSON object");
  }
  const values = new Map<string, string>();
  const resources: string[] = [];
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (value === "" || value === null || value === undefined) continue;
    if ((name === "resource" || name === "audience") && Array.isArray(value)) {
      if (!value.every((v): v is string => typeof v === "string" && v !== "")) {
        throw invalidRequest(`${name} must be a string or an array of strings`);
      }
      if (name === "resource") resources.push(...value);
      else if (value.length === 1) values.set(name, value[0]!);
      else resources.push(...value);
      continue;
    }
    if (typeof value !== "string") throw invalidRequest(`${name} must be a string`);
    if (name === "resource") resources.push(value);
    else values.set(name, value);
  }
  return { get: (n) => values.get(n), has: (n) => values.has(n), resources };
}

export function readParams(req: OAuthRequest): Params {
  if (req.bodyTooLarge) {
    throw new OAuthError("invalid_request", "request body too large", 413);
  }
  const type = mediaType(req.header("content-type"));
  if (type === "application/x-www-form-urlencoded") return fromForm(req.body);
  if (type === "application/json") return fromJson(req.body);
  throw invalidRequest("content-type must be application/x-www-form-urlencoded or application/json");
}

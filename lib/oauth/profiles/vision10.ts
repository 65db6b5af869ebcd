// The "vision10" profile: POST /v1/api/oauth/token, for integrations written against a gateway
// whose token endpoint takes a JSON body
//   {"grant_type":"client_credentials","scope":"all","client_id":"…","client_secret":"…"}
// and answers every error as a JSON array holding one problem object (its shape: detail,
// errorCode, instance, invalid-params, source, status, title — like RFC 9457's members, but in an
// array, so served as application/json, not application/problem+json).
//  - only those four fields are read (RFC 6749 §3.2: unknown parameters are ignored); each a
//    string; grant_type, scope and client_id at most 50 characters, client_secret at most 100;
//  - `scope: "all"` is every scope the application holds (as an omitted scope, RFC 6749 §3.3);
//  - success: {access_token, token_type: "Bearer", expires_in};
//  - error codes: "2" + the HTTP status + a two-digit number (VISION10_ERRORS, listed in /docs).
// Client authentication, limits and issuing are the shared pipeline's (HTTP Basic works too).
import { RFC6749_DIALECT } from "../dialects/rfc6749";
import type { ResponseDialect } from "../dialects/response-dialect";
import { INVALID_CLIENT_CHALLENGE, OAuthError, type OAuthErrorCode } from "../errors";
import { json, MAX_BODY_BYTES, type OAuthRequest, type OAuthResponse } from "../oauth-http";
import type { Params } from "../read-params";
import { mediaTypeOf } from "./profile-params";
import type { ProfileErrorDoc, TokenProfile } from "./token-profile";

export const VISION10_PATH = "/v1/api/oauth/token";

/** The fields read, with their length limits in characters. */
export const VISION10_LIMITS = { grant_type: 50, scope: 50, client_id: 50, client_secret: 100 } as const;
type Field = keyof typeof VISION10_LIMITS;
const FIELDS = Object.keys(VISION10_LIMITS) as Field[];

/** `scope: "all"`: every scope the application holds. */
export const VISION10_ALL_SCOPES = "all";

/** That service's message for bad credentials or scope, verbatim. */
export const VISION10_INVALID_CREDENTIALS = "Invalid client credentials or scope";
const DETAIL = "Please refer to invalid-params for error details";
const SOURCE = "AGT";

/** Every error this path answers, by reason: status, Keyport's errorCode, and when. */
export const VISION10_ERRORS = {
  malformed_body: { status: 400, errorCode: "240001", when: "The body is not a JSON object, or grant_type, scope, client_id or client_secret is not a string." },
  too_long: { status: 400, errorCode: "240002", when: "grant_type, scope or client_id is over 50 characters, or client_secret over 100." },
  invalid_request: { status: 400, errorCode: "240003", when: "grant_type is missing, or the request is otherwise malformed (invalid-params says how)." },
  unsupported_grant_type: { status: 400, errorCode: "240004", when: "grant_type is not client_credentials." },
  unauthorized_client: { status: 400, errorCode: "240005", when: "The application may not use the client-credentials grant." },
  invalid_credentials: { status: 401, errorCode: "240101", when: "No or unknown client, wrong, expired or revoked secret, disabled or pending application, or a scope the application does not hold." },
  method_not_allowed: { status: 405, errorCode: "240501", when: "Not POST (with Allow: POST)." },
  too_large: { status: 413, errorCode: "241301", when: "The body is over 8 KiB." },
  unsupported_media_type: { status: 415, errorCode: "241501", when: "Content-Type is not application/json." },
  rate_limited: { status: 429, errorCode: "242901", when: "Too many failed client authentications from this address (with Retry-After)." },
  server_error: { status: 500, errorCode: "250001", when: "Unexpected error on Keyport's side; the detail is logged, never returned." },
  unavailable: { status: 503, errorCode: "250301", when: "The database is unreachable and the client is not cached (with Retry-After)." },
} as const satisfies Record<string, { status: number; errorCode: string; when: string }>;
export type Vision10Reason = keyof typeof VISION10_ERRORS;

/** RFC 9110 §15 reason phrases: the problem's `title`. */
const TITLES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  405: "Method Not Allowed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** An error this profile's request reading found: its reason picks the problem. */
export class Vision10RequestError extends OAuthError {
  constructor(
    readonly reason: Vision10Reason,
    description: string,
  ) {
    // Everything the request reading refuses is invalid_request to the events and metrics.
    super("invalid_request", description, VISION10_ERRORS[reason].status);
  }
}

const problem = (reason: Vision10Reason, description: string) => new Vision10RequestError(reason, description);

/** The pipeline's OAuthErrors (RFC 6749 §5.2 codes) as this profile's reasons. */
const REASON_BY_CODE: Partial<Record<OAuthErrorCode, Vision10Reason>> = {
  invalid_client: "invalid_credentials",
  invalid_scope: "invalid_credentials",
  unsupported_grant_type: "unsupported_grant_type",
  unauthorized_client: "unauthorized_client",
  server_error: "server_error",
};

export function vision10Reason(err: OAuthError): Vision10Reason {
  if (err instanceof Vision10RequestError) return err.reason;
  const byCode = REASON_BY_CODE[err.error];
  if (byCode) return byCode;
  if (err.error === "temporarily_unavailable") return err.status === 429 ? "rate_limited" : "unavailable";
  if (err.status === 405) return "method_not_allowed";
  if (err.status === 413) return "too_large";
  // invalid_request and whatever else a step may say (invalid_target, a DPoP proof's errors).
  return "invalid_request";
}

/** The invalid-params entry: fixed text where the reason says it all, else the step's own (safe) description. */
function invalidParam(reason: Vision10Reason, err: OAuthError): string {
  switch (reason) {
    case "invalid_credentials":
      return VISION10_INVALID_CREDENTIALS;
    case "unsupported_grant_type":
      return "grant_type must be client_credentials";
    case "method_not_allowed":
      return "Use POST";
    case "too_large":
      return `Request body must be at most ${MAX_BODY_BYTES / 1024} KiB`;
    case "server_error":
      return "Unexpected error; try again later";
    default:
      return err.description ?? err.error;
  }
}

function errorResponse(err: OAuthError, headers?: Record<string, string>): OAuthResponse {
  const reason = vision10Reason(err);
  const { status, errorCode } = VISION10_ERRORS[reason];
  // Members in that service's order.
  const body = [
    {
      detail: DETAIL,
      errorCode,
      instance: VISION10_PATH,
      "invalid-params": [invalidParam(reason, err)],
      source: SOURCE,
      status,
      title: TITLES[status]!,
    },
  ];
  // The step's own headers (Retry-After, Allow, DPoP-Nonce) win over the endpoint's; every 401
  // carries a challenge (RFC 9110 §15.5.2), also for a refused scope.
  const out = headers ? { ...headers, ...err.headers } : { ...err.headers };
  if (status === 401) out["WWW-Authenticate"] = INVALID_CLIENT_CHALLENGE;
  return json(status, body, out);
}

export const VISION10_DIALECT: ResponseDialect = {
  name: "vision10",
  paths: { ...RFC6749_DIALECT.paths, token: VISION10_PATH },
  errorResponse,
  tokenResponse: (body, headers) => json(200, { access_token: body.access_token, token_type: body.token_type, expires_in: body.expires_in }, headers),
};

/** The JSON body → the four fields, checked. Throws Vision10RequestError. */
export function readVision10Params(req: OAuthRequest): Params {
  if (req.bodyTooLarge) throw problem("too_large", "request body too large");
  if (mediaTypeOf(req) !== "application/json") throw problem("unsupported_media_type", "Content-Type must be application/json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    throw problem("malformed_body", "Request body must be a JSON object");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw problem("malformed_body", "Request body must be a JSON object");
  const values = new Map<string, string>();
  for (const name of FIELDS) {
    const value = Object.hasOwn(parsed, name) ? (parsed as Record<string, unknown>)[name] : undefined;
    // RFC 6749 §3.1: an empty value is an omitted one.
    if (value === undefined || value === null || value === "") continue;
    if (typeof value !== "string") throw problem("malformed_body", `${name} must be a string`);
    const limit = VISION10_LIMITS[name];
    // Characters, not UTF-16 units: count code points only when the quick bound is exceeded.
    if (value.length > limit && [...value].length > limit) throw problem("too_long", `${name} must be at most ${limit} characters`);
    values.set(name, value);
  }
  if (values.get("scope") === VISION10_ALL_SCOPES) values.delete("scope");
  return { get: (n) => values.get(n), has: (n) => values.has(n), resources: [] };
}

const ERROR_DOCS: readonly ProfileErrorDoc[] = Object.values(VISION10_ERRORS).map((e) => ({ status: e.status, code: e.errorCode, when: e.when }));

export const VISION10_PROFILE: TokenProfile = {
  name: "vision10",
  title: "API gateway with problem-array errors",
  summary: 'JSON body {grant_type, scope, client_id, client_secret}; scope "all" = every scope; every error a JSON array of one problem object.',
  path: VISION10_PATH,
  contentTypes: ["application/json"],
  dialect: VISION10_DIALECT,
  readParams: readVision10Params,
  grantTypes: ["client_credentials"],
  errorFormat:
    'A JSON array of one problem object: [{"detail":"Please refer to invalid-params for error details","errorCode":"…","instance":"/v1/api/oauth/token","invalid-params":["…"],"source":"AGT","status":…,"title":"…"}].',
  errorCodeField: "errorCode",
  errors: ERROR_DOCS,
  examples: (url) => [
    {
      label: "JSON body",
      code: `curl -s -X POST '${url}' \\
  -H 'Content-Type: application/json' \\
  -d "{\\"grant_type\\":\\"client_credentials\\",\\"scope\\":\\"all\\",\\"client_id\\":\\"$KEYPORT_CLIENT_ID\\",\\"client_secret\\":\\"$KEYPORT_CLIENT_SECRET\\"}"`,
    },
  ],
};

// Problem details for HTTP APIs (RFC 9457): every error of the automation API (/api/v1) is an
// `application/problem+json` object `{type, title, status, detail?, errors?}` — never a stack
// trace, never an unknown error's message. One class, one table of problem types, one serializer
// (as the OAuth endpoints have lib/oauth/errors.ts): handlers throw, the API server answers.
//
// Problem type URIs are URNs (RFC 9457 §3.1.1 allows non-resolvable URIs; §4 asks that they be
// stable): `urn:keyport:problem:<name>`, listed in the OpenAPI document and the README.
import { z } from "zod";
import { AppError, toAppError } from "../errors/app-error";
import { isDatabaseUnavailable } from "../db/database-unavailable";
import { log, errorFields } from "../log";
import type { OAuthResponse } from "../oauth/oauth-http";

/** Every problem type the API answers with: status and the fixed title (RFC 9457 §3.1.3). */
export const PROBLEM_TYPES = {
  "bad-request": { status: 400, title: "Bad request" },
  "invalid-token": { status: 401, title: "Missing or invalid access token" },
  "insufficient-scope": { status: 403, title: "Insufficient scope" },
  forbidden: { status: 403, title: "Forbidden" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  "idempotency-in-progress": { status: 409, title: "A request with this Idempotency-Key is still in progress" },
  "payload-too-large": { status: 413, title: "Request body too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "validation-failed": { status: 422, title: "Validation failed" },
  "idempotency-key-reused": { status: 422, title: "Idempotency-Key reused with a different request" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "server-error": { status: 500, title: "Internal server error" },
  unavailable: { status: 503, title: "Temporarily unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemName = keyof typeof PROBLEM_TYPES;

export const PROBLEM_TYPE_PREFIX = "urn:keyport:problem:";
export const problemType = (name: ProblemName) => `${PROBLEM_TYPE_PREFIX}${name}`;

/** One invalid input (the `errors` extension member, shaped as RFC 9457 §3's example). */
export interface ProblemFieldError {
  /** Body member: a JSON Pointer (RFC 6901) as a URI fragment, e.g. "#/name". */
  pointer?: string;
  /** Query or path parameter name. */
  parameter?: string;
  detail: string;
}

export const problemSchema = z
  .object({
    type: z.string().meta({ description: "Problem type URI (urn:keyport:problem:…)", example: "urn:keyport:problem:validation-failed" }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    errors: z
      .array(
        z.object({
          pointer: z.string().optional().meta({ description: "JSON Pointer (RFC 6901) to the body member, as a URI fragment", example: "#/name" }),
          parameter: z.string().optional().meta({ description: "The query or path parameter" }),
          detail: z.string(),
        }),
      )
      .optional()
      .meta({ description: "Each invalid input (validation-failed)" }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export type ProblemBody = z.infer<typeof problemSchema>;

export class ApiProblem extends Error {
  override name = "ApiProblem";
  readonly status: number;
  readonly title: string;
  constructor(
    readonly problem: ProblemName,
    readonly detail?: string,
    readonly options: { errors?: ProblemFieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? PROBLEM_TYPES[problem].title);
    this.status = PROBLEM_TYPES[problem].status;
    this.title = PROBLEM_TYPES[problem].title;
  }

  get headers(): Record<string, string> {
    return this.options.headers ?? {};
  }

  toJSON(): ProblemBody {
    const body: ProblemBody = { type: problemType(this.problem), title: this.title, status: this.status };
    if (this.detail) body.detail = this.detail;
    if (this.options.errors?.length) body.errors = this.options.errors;
    return body;
  }
}

/** RFC 9457 §3: the media type; API responses are never cached (they carry tenant data). */
export const PROBLEM_HEADERS = { "Content-Type": "application/problem+json", "Cache-Control": "no-store" } as const;

export function problemResponse(p: ApiProblem): OAuthResponse {
  return { status: p.status, headers: { ...PROBLEM_HEADERS, ...p.headers }, body: JSON.stringify(p.toJSON()) };
}

/** Seconds a client should wait while the database is unavailable (as the OAuth endpoints say). */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const APP_ERROR_PROBLEMS: Record<AppError["code"], ProblemName> = {
  invalid_input: "validation-failed",
  unauthenticated: "invalid-token",
  forbidden: "forbidden",
  not_found: "not-found",
  conflict: "conflict",
  unavailable: "unavailable",
};

/** camelCase domain field names as the API's snake_case members (requiresApproval → requires_approval). */
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A JSON Pointer (RFC 6901) fragment for a zod issue path. */
export function pointerOf(path: readonly PropertyKey[]): string {
  return "#/" + path.map((k) => String(k).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

/** A zod error on the request body, query or path parameters as a 422 problem. */
export function validationProblem(error: z.ZodError, where: "body" | "query" | "path"): ApiProblem {
  const errors: ProblemFieldError[] = error.issues.flatMap((issue): ProblemFieldError[] => {
    // A strict object names each unknown member: one entry per member, at its own place.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) =>
        where === "body"
          ? { pointer: pointerOf([...issue.path, key]), detail: "Unknown member" }
          : { parameter: key, detail: `Unknown ${where === "query" ? "query" : "path"} parameter` },
      );
    }
    if (where === "body") return [{ pointer: issue.path.length ? pointerOf(issue.path) : "#", detail: issue.message }];
    return [{ parameter: String(issue.path[0] ?? ""), detail: issue.message }];
  });
  const detail = where === "body" ? "The request body is invalid." : `The ${where === "query" ? "query" : "path"} parameters are invalid.`;
  return new ApiProblem("validation-failed", detail, { errors });
}

/**
 * Whatever a handler threw, as the problem to answer with: ApiProblems as they are, the domain's
 * AppErrors by their code (invalid input → 422 with the field messages), a database outage as 503
 * with Retry-After, anything else as a logged 500 whose body says nothing.
 */
export function toApiProblem(err: unknown): ApiProblem {
  if (err instanceof ApiProblem) return err;
  const appError = toAppError(err);
  if (appError) {
    const errors = Object.entries(appError.fieldErrors).flatMap(([field, messages]) =>
      messages.map((detail) => ({ pointer: field === "_" ? "#" : pointerOf(field.split(".").map(snake)), detail })),
    );
    const name = APP_ERROR_PROBLEMS[appError.code];
    return new ApiProblem(name, appError.message, {
      errors,
      headers: name === "unavailable" ? { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) } : undefined,
    });
  }
  if (isDatabaseUnavailable(err)) {
    return new ApiProblem("unavailable", "The database is unavailable; try again shortly.", {
      headers: { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    });
  }
  log.error("unexpected error in the automation API", errorFields(err));
  return new ApiProblem("server-error");
}

// One route of the automation API: its method and path, the scope it needs, the zod schemas of its
// path parameters, query, body and answer, and its handler. The schemas are required members
// (`null` where a route takes nothing), so a route cannot exist without them: the router validates
// every input with them and every answer through them (an allow-list of what leaves the server),
// and the OpenAPI document (lib/api/openapi) is generated from the very same objects.
import type { z } from "zod";
import type { Actor } from "../audit/actor";
import type { OAuthServices } from "../oauth/oauth-services";
import type { ApiRequest } from "./api-http";
import type { ApiPrincipal, ManagementScope } from "./api-principal";

export type ApiMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

type ObjectSchema = z.ZodObject<z.ZodRawShape>;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiContext<P = unknown, Q = unknown, B = unknown> {
  services: OAuthServices;
  principal: ApiPrincipal;
  /** The audit actor: the calling application (lib/audit/actor.ts appActor). */
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  request: ApiRequest;
  /** The absolute public URL of this route with `query` (pagination's Link: rel="next"). */
  selfUrl(query?: Record<string, string | undefined>): string;
}

export interface ApiResult<O = unknown> {
  /** Parsed through the route's response schema before it is sent. */
  body: O;
  /** Defaults to the route's `response.status`. */
  status?: number;
  headers?: Record<string, string>;
}

export interface ApiRouteSpec<
  P extends ObjectSchema | null = ObjectSchema | null,
  Q extends ObjectSchema | null = ObjectSchema | null,
  B extends z.ZodType | null = z.ZodType | null,
  O extends z.ZodType = z.ZodType,
> {
  method: ApiMethod;
  /** Under /api/v1, with {name} path parameters: "/admin/scopes/{name}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** The scope the calling token must carry (403 insufficient_scope otherwise). */
  scope: ManagementScope;
  /** Path parameters: exactly the {names} of `path`. */
  params: P;
  query: Q;
  /** JSON body: required for POST, PATCH and PUT (an empty strict object when there is nothing to send), null otherwise. */
  body: B;
  response: { status: 200 | 201 | 202; description: string; schema: O };
  /**
   * POST only: honour `Idempotency-Key` (lib/api/idempotency.ts). Default true for POST; say false
   * only for an operation whose answer must never be replayed.
   */
  idempotent?: boolean;
  /**
   * Top-level members of the answer that carry a secret shown once (client_secret): the answer
   * stored for an Idempotency-Key replay has them set to null (lib/api/shown-once.ts), so a replay
   * never reveals the secret a second time and the stored copy never holds it.
   */
  shownOnce?: readonly string[];
  /** Method syntax on purpose: a route's typed handler is assignable to the erased ApiRoute. */
  handler(ctx: ApiContext<Parsed<P>, Parsed<Q>, Parsed<B>>): Promise<ApiResult<z.input<O>>>;
}

/** A route with its types erased, as the router and the OpenAPI generator hold it. */
export type ApiRoute = Omit<ApiRouteSpec, "handler"> & { handler(ctx: ApiContext): Promise<ApiResult> };

/** Define a route with its handler typed from its schemas. */
export function defineRoute<P extends ObjectSchema | null, Q extends ObjectSchema | null, B extends z.ZodType | null, O extends z.ZodType>(
  spec: ApiRouteSpec<P, Q, B, O>,
): ApiRoute {
  return spec as unknown as ApiRoute;
}

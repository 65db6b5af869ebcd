// The automation API of one process (/api/v1 and /openapi.json), built once from its services by
// the composition root (lib/runtime.ts) beside the OAuth server. One request, in order:
//   route (404 / 405 with Allow) → body cap (413) → access token (401, lib/api/authenticate-api-request)
//   → scope (403 insufficient_scope) → rate limit per application (429 + Retry-After)
//   → path parameters, query and JSON body through the route's zod schemas (400 / 415 / 422)
//   → Idempotency-Key (replay, 409, 422) → the route's handler, i.e. one domain function
//   → its answer through the route's response schema.
// Every error leaves through one serializer as RFC 9457 problem details (lib/api/problem.ts).
import type { z } from "zod";
import type { OAuthServices } from "../oauth/oauth-services";
import type { MetadataSources } from "../oauth/metadata";
import { publicUrl } from "../config/public-origin";
import { appActor } from "../audit/actor";
import { log, errorFields } from "../log";
import { API_BASE_PATH, OPENAPI_PATH, type ApiHandler, type ApiRequest, type ApiResponse } from "./api-http";
import type { ApiContext, ApiRoute } from "./api-route";
import { createApiAuthenticator } from "./authenticate-api-request";
import { invalidAuthRequest, insufficientScope } from "./bearer-challenge";
import { createIdempotencyStore, IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey, type IdempotentRequest } from "./idempotency";
import { buildOpenApiDocument } from "./openapi/build-openapi-document";
import { ApiProblem, problemResponse, toApiProblem, validationProblem } from "./problem";
import { createApiRouter, type ApiRouter } from "./router";
import { withoutShownOnce } from "./shown-once";
import { API_ROUTES } from "./routes";

export interface ApiServer {
  readonly router: ApiRouter;
  /** Serves /api/v1/* and /openapi.json. */
  readonly handle: ApiHandler;
  /** The OpenAPI 3.1 document (built once, on first use). */
  document(): Record<string, unknown>;
}

export interface ApiServerOptions {
  /** The OAuth server's registries: the OpenAPI document describes its endpoints from them. */
  oauth: { metadataSources: MetadataSources };
  /** Default: lib/api/routes. */
  routes?: readonly ApiRoute[];
}

const JSON_HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" } as const;

function isJsonMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/** The query as an object: one string per name, an array for a repeated one (which a string schema then refuses). */
function queryObject(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: "body" | "query" | "path"): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationProblem(r.error, where);
  return r.data;
}

function readBody(route: ApiRoute, req: ApiRequest): unknown {
  if (route.body === null) return undefined;
  // An empty body is an empty object: `POST …/rotate` needs nothing, and the schema decides.
  if (req.body.trim() === "") return {};
  if (!isJsonMediaType(req.header("content-type"))) {
    throw new ApiProblem("unsupported-media-type", "Send the request body as application/json.", { headers: { "Accept-Post": "application/json" } });
  }
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    throw new ApiProblem("bad-request", "The request body is not valid JSON.");
  }
}

export function createApiServer(services: OAuthServices, options: ApiServerOptions): ApiServer {
  const router = createApiRouter(options.routes ?? API_ROUTES);
  const authenticate = createApiAuthenticator(services);
  const idempotency = createIdempotencyStore(services.prisma, services.config.secret);
  let documentCache: { doc: Record<string, unknown>; body: string } | undefined;
  const documentOnce = () =>
    (documentCache ??= (() => {
      const doc = buildOpenApiDocument({ routes: router.routes, issuer: services.config.publicOrigin, oauth: options.oauth.metadataSources });
      return { doc, body: JSON.stringify(doc) };
    })());

  const serveDocument = (req: ApiRequest): ApiResponse => {
    if (req.method !== "GET" && req.method !== "HEAD") throw new ApiProblem("method-not-allowed", undefined, { headers: { Allow: "GET, HEAD" } });
    return { status: 200, headers: { "Content-Type": "application/json", "Cache-Control": "no-cache" }, body: documentOnce().body };
  };

  const serve = async (req: ApiRequest): Promise<ApiResponse> => {
    const q = req.target.indexOf("?");
    const pathname = q < 0 ? req.target : req.target.slice(0, q);
    const search = q < 0 ? "" : req.target.slice(q + 1);
    if (pathname === OPENAPI_PATH) return serveDocument(req);

    const match = router.match(req.method, pathname.slice(API_BASE_PATH.length));
    if (match.kind === "not-found") throw new ApiProblem("not-found", "There is no such API route. See /openapi.json.");
    if (match.kind === "method-not-allowed") {
      throw new ApiProblem("method-not-allowed", `Use ${match.allow.join(", ")}.`, { headers: { Allow: match.allow.join(", ") } });
    }
    const { route } = match;
    if (req.bodyTooLarge) throw new ApiProblem("payload-too-large", "The request body exceeds 8 KiB.");

    const principal = await authenticate({ method: req.method, pathname, header: req.header });
    if (!principal.scopes.has(route.scope)) throw insufficientScope(route.scope, principal.dpopBound ? "DPoP" : "Bearer");
    const verdict = await services.limits.apiPerApp.consume(principal.appId);
    if (!verdict.allowed) {
      throw new ApiProblem("rate-limited", `Too many API requests from this application; retry in ${verdict.retryAfterSeconds} s.`, {
        headers: { "Retry-After": String(verdict.retryAfterSeconds) },
      });
    }

    const rawQuery = queryObject(search);
    // RFC 6750 §2.3 (a token in the URI) is not supported: it ends up in logs and histories.
    if ("access_token" in rawQuery) throw invalidAuthRequest("Send the access token in the Authorization header, not in the URL.");
    const params = route.params ? parseWith(route.params, match.params, "path") : undefined;
    const query = route.query ? parseWith(route.query, rawQuery, "query") : undefined;
    if (!route.query && search !== "") {
      throw new ApiProblem("validation-failed", "This operation takes no query parameters.", {
        errors: Object.keys(rawQuery).map((parameter) => ({ parameter, detail: "Unknown query parameter" })),
      });
    }
    const body = route.body ? parseWith(route.body, readBody(route, req), "body") : undefined;

    const keyHeader = req.method === "POST" && route.idempotent !== false ? req.header(IDEMPOTENCY_KEY_HEADER) : undefined;
    const idem: IdempotentRequest | undefined =
      keyHeader === undefined ? undefined : { principal: principal.appId, key: parseIdempotencyKey(keyHeader), method: req.method, path: pathname, body: req.body };
    if (idem) {
      const claim = await idempotency.claim(idem);
      if (claim.kind === "replay") return { status: claim.status, headers: { ...JSON_HEADERS, "Idempotent-Replayed": "true" }, body: claim.body };
    }

    try {
      const ctx: ApiContext = {
        services,
        principal,
        actor: appActor(principal, { ip: req.remoteAddress, userAgent: req.header("user-agent") }),
        params,
        query,
        body,
        request: req,
        selfUrl: (next) => {
          const qs = new URLSearchParams(Object.entries(next ?? {}).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
          return `${publicUrl(services.config, pathname)}${qs.size ? `?${qs}` : ""}`;
        },
      };
      const result = await route.handler(ctx);
      // The allow-list of what leaves the server: exactly what the route documents.
      const out = route.response.schema.safeParse(result.body);
      if (!out.success) {
        log.error("automation API answer does not match its schema", { operation: route.operationId, issues: out.error.issues.slice(0, 5) });
        throw new ApiProblem("server-error");
      }
      const status = result.status ?? route.response.status;
      const text = JSON.stringify(out.data);
      if (idem) {
        const stored = route.shownOnce?.length ? JSON.stringify(withoutShownOnce(out.data, route.shownOnce)) : text;
        await idempotency.complete(idem, status, stored).catch((err: unknown) => log.warn("idempotency answer not stored", errorFields(err)));
      }
      return { status, headers: { ...JSON_HEADERS, ...result.headers }, body: text };
    } catch (err) {
      if (idem) await idempotency.release(idem).catch(() => {});
      throw err;
    }
  };

  return {
    router,
    document: () => documentOnce().doc,
    handle: async (req) => {
      try {
        return await serve(req);
      } catch (err) {
        return problemResponse(toApiProblem(err));
      }
    },
  };
}

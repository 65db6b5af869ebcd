// The automation API's router: path templates ("/admin/scopes/{name}") compiled once into segment
// lists, matched against the raw (percent-encoded) request path — so a parameter may itself hold
// an encoded "/", as an audience identifier like https://api.example.com does — and decoded per
// parameter. A static segment wins over a parameter at the same place. Construction refuses a
// route table that could not be documented or validated: a duplicate, path parameters that differ
// from the params schema, a write method without a body schema.
import type { ApiMethod, ApiRoute } from "./api-route";

type Segment = { kind: "static"; value: string } | { kind: "param"; name: string };

interface CompiledRoute {
  route: ApiRoute;
  segments: Segment[];
}

export type RouteMatch =
  | { kind: "found"; route: ApiRoute; params: Record<string, string> }
  /** The path exists, the method does not (405 with Allow). */
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" };

export interface ApiRouter {
  readonly routes: readonly ApiRoute[];
  /** `path` relative to /api/v1, percent-encoded, without the query. HEAD is matched as GET. */
  match(method: string, path: string): RouteMatch;
}

const PARAM = /^\{([a-z][a-z0-9_]*)\}$/;
const WRITE_METHODS: ReadonlySet<ApiMethod> = new Set(["POST", "PATCH", "PUT"]);

function compile(route: ApiRoute): CompiledRoute {
  if (!route.path.startsWith("/") || route.path.endsWith("/")) throw new Error(`API route path must start and not end with "/": ${route.path}`);
  const segments: Segment[] = route.path
    .slice(1)
    .split("/")
    .map((s) => {
      const p = PARAM.exec(s);
      if (p) return { kind: "param", name: p[1]! };
      if (!/^[a-z0-9._-]+$/.test(s)) throw new Error(`API route ${route.path}: bad segment "${s}"`);
      return { kind: "static", value: s };
    });
  const names = segments.flatMap((s) => (s.kind === "param" ? [s.name] : []));
  const declared = route.params ? Object.keys(route.params.shape) : [];
  if (names.length !== declared.length || names.some((n) => !declared.includes(n))) {
    throw new Error(`API route ${route.method} ${route.path}: path parameters {${names.join(", ")}} differ from its params schema (${declared.join(", ")})`);
  }
  if (WRITE_METHODS.has(route.method) !== (route.body !== null)) {
    throw new Error(`API route ${route.method} ${route.path}: ${route.body ? "only POST, PATCH and PUT take a body" : "needs a body schema"}`);
  }
  if (route.idempotent && route.method !== "POST") throw new Error(`API route ${route.method} ${route.path}: only POST routes take an Idempotency-Key`);
  return { route, segments };
}

/** -1 when a is more specific (a static segment where b has a parameter, first difference wins). */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const sa = a.segments[i]!.kind;
    const sb = b.segments[i]!.kind;
    if (sa !== sb) return sa === "static" ? -1 : 1;
  }
  return 0;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const part = parts[i]!;
    if (s.kind === "static") {
      if (part !== s.value) return null;
      continue;
    }
    if (part === "") return null;
    try {
      params[s.name] = decodeURIComponent(part);
    } catch {
      return null; // malformed percent-encoding: no such resource
    }
  }
  return params;
}

export function createApiRouter(routes: readonly ApiRoute[]): ApiRouter {
  const compiled = routes.map(compile).sort(bySpecificity);
  const seen = new Set<string>();
  const operationIds = new Set<string>();
  for (const c of compiled) {
    const shape = `${c.route.method} /${c.segments.map((s) => (s.kind === "static" ? s.value : "{}")).join("/")}`;
    if (seen.has(shape)) throw new Error(`API route registered twice: ${c.route.method} ${c.route.path}`);
    seen.add(shape);
    if (operationIds.has(c.route.operationId)) throw new Error(`API operationId used twice: ${c.route.operationId}`);
    operationIds.add(c.route.operationId);
  }
  return {
    routes,
    match(method, path) {
      const wanted = method === "HEAD" ? "GET" : method;
      const parts = path.startsWith("/") ? path.slice(1).split("/") : [path];
      const allow = new Set<string>();
      // Segment by segment, the most specific template first: /admin/scopes/{name} for "x", but a
      // literal route at the same place wins. A method mismatch on one template falls through to
      // the next that fits the path.
      for (const c of compiled) {
        const params = matchSegments(c.segments, parts);
        if (!params) continue;
        if (c.route.method === wanted) return { kind: "found", route: c.route, params };
        allow.add(c.route.method);
        if (c.route.method === "GET") allow.add("HEAD");
      }
      if (allow.size) return { kind: "method-not-allowed", allow: [...allow].sort() };
      return { kind: "not-found" };
    },
  };
}

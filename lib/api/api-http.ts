// The request the automation API sees: the OAuth endpoints' framework-free request
// (lib/oauth/oauth-http.ts) plus its request target, since the API routes on path and query.
// server/main.ts builds it straight from node:http; apiFetchHandler() adapts the Fetch API for
// the App Router catch-all (app/api/v1/[...path]/route.ts) that serves the same code under `next dev`.
import { fromFetchRequest, toFetchResponse, type OAuthRequest, type OAuthResponse } from "../oauth/oauth-http";

export type ApiResponse = OAuthResponse;

export interface ApiRequest extends OAuthRequest {
  /** The raw request target: path and query, still percent-encoded ("/api/v1/admin/scopes?limit=5"). */
  target: string;
}

export type ApiHandler = (req: ApiRequest) => Promise<ApiResponse>;

/** The path prefix of the automation API. */
export const API_BASE_PATH = "/api/v1";
/** The OpenAPI document (lib/api/openapi). */
export const OPENAPI_PATH = "/openapi.json";

/** Paths the API server answers (server/main.ts routes them before Next). */
export function isApiPath(pathname: string): boolean {
  return pathname === OPENAPI_PATH || pathname === API_BASE_PATH || pathname.startsWith(`${API_BASE_PATH}/`);
}

/** Wrap the API as a Fetch-API route handler. The target is taken from the raw URL (Next decodes its params). */
export function apiFetchHandler(handler: ApiHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const req: ApiRequest = { ...(await fromFetchRequest(request)), target: url.pathname + url.search };
    return toFetchResponse(await handler(req));
  };
}

// The App Router adapter of the automation API (lib/api/api-server.ts): the runtime is resolved
// once, then the very handler server/main.ts calls serves the request. Used under `next dev`; in
// production server/main.ts answers /api/v1/* and /openapi.json before Next sees them.
import { getRuntime } from "@/lib/runtime";
import { apiFetchHandler } from "@/lib/api/api-http";

export function apiRoute(): (request: Request) => Promise<Response> {
  let handler: Promise<(request: Request) => Promise<Response>> | undefined;
  const resolve = () => (handler ??= getRuntime().then((rt) => apiFetchHandler(rt.api.handle)));
  return async (request) => {
    const h = await resolve().catch((err: unknown) => {
      handler = undefined; // a runtime that failed to start may start on the next request
      throw err;
    });
    return h(request);
  };
}

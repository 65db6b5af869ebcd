// An App Router route handler for one path of the OAuth server (lib/oauth/oauth-server.ts): the
// runtime is resolved once, then the very handler server/main.ts calls serves the request. Used
// under `next dev`; in production server/main.ts answers these paths before Next sees them.
import { getRuntime } from "@/lib/runtime";
import { fetchHandler, type OAuthHandler } from "@/lib/oauth/oauth-http";

export function oauthRoute(path: string): (request: Request) => Promise<Response> {
  let handler: Promise<(request: Request) => Promise<Response>> | undefined;
  const resolve = () =>
    (handler ??= getRuntime().then((rt) => {
      const h: OAuthHandler | undefined = rt.oauth.routes.get(path);
      if (!h) throw new Error(`no OAuth route ${path}`);
      return fetchHandler(h);
    }));
  return async (request) => {
    const h = await resolve().catch((err: unknown) => {
      handler = undefined; // a runtime that failed to start may start on the next request
      throw err;
    });
    return h(request);
  };
}

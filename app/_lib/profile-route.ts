// An App Router route handler for a vendor profile's token path (lib/oauth/profiles). In
// production server/main.ts answers an active profile's path before Next sees it; under `next dev`
// this route serves it with the very same handler. A profile KEYPORT_PROFILES does not name has no
// handler in the OAuth server's route map: its path is then 404 for every method, as any unknown
// path is.
import { getRuntime } from "@/lib/runtime";
import { fetchHandler } from "@/lib/oauth/oauth-http";

const notFound = () => new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export function profileRoute(path: string): (request: Request) => Promise<Response> {
  let handler: Promise<((request: Request) => Promise<Response>) | null> | undefined;
  const resolve = () =>
    (handler ??= getRuntime().then((rt) => {
      const h = rt.oauth.routes.get(path);
      return h ? fetchHandler(h) : null;
    }));
  return async (request) => {
    const h = await resolve().catch((err: unknown) => {
      handler = undefined; // a runtime that failed to start may start on the next request
      throw err;
    });
    return h ? h(request) : notFound();
  };
}

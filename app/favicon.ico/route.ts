// Browsers and tools that ask for /favicon.ico directly (no <link rel="icon"> read) get the SVG
// icon: a permanent redirect on the same origin, cacheable.
export const dynamic = "force-static";

export function GET(): Response {
  return new Response(null, { status: 308, headers: { Location: "/icon.svg", "Cache-Control": "public, max-age=86400" } });
}

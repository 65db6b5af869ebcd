// GET /docs/api/assets/<file> — Swagger UI's script and stylesheet for /docs/api, from the
// installed swagger-ui-dist package (lib/api/reference-assets.ts): served by Keyport, no CDN.
import { isReferenceAsset, readReferenceAsset, REFERENCE_ASSETS } from "@/lib/api/reference-assets";

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await params;
  if (!isReferenceAsset(file)) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });
  const body = await readReferenceAsset(file);
  return new Response(new Uint8Array(body), {
    headers: { "Content-Type": REFERENCE_ASSETS[file], "Cache-Control": "public, max-age=86400" },
  });
}

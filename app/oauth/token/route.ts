// POST /oauth/token — client-credentials grant (RFC 6749 §4.4). Served by server/main.ts in
// production without entering Next; this route makes the same handler work under `next dev`.
import { tokenEndpoint } from "@/lib/oauth/token-endpoint";

export const dynamic = "force-dynamic";
export const POST = tokenEndpoint;

// POST /oauth/token — the token endpoint (RFC 6749 §3.2, client credentials §4.4). Served by server/main.ts in
// production without entering Next; this route makes the same handler work under `next dev`.
import { oauthRoute } from "@/app/_lib/oauth-route";

export const dynamic = "force-dynamic";
export const POST = oauthRoute("/oauth/token");

// GET /.well-known/jwks.json — the public signing keys (RFC 7517).
import { oauthRoute } from "@/app/_lib/oauth-route";

export const dynamic = "force-dynamic";
export const GET = oauthRoute("/.well-known/jwks.json");

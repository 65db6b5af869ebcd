// GET /.well-known/oauth-authorization-server — authorization server metadata (RFC 8414).
import { oauthRoute } from "@/app/_lib/oauth-route";

export const dynamic = "force-dynamic";
export const GET = oauthRoute("/.well-known/oauth-authorization-server");

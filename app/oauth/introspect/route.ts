// POST /oauth/introspect — token introspection (RFC 7662).
import { oauthRoute } from "@/app/_lib/oauth-route";

export const dynamic = "force-dynamic";
export const POST = oauthRoute("/oauth/introspect");

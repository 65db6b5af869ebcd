// GET /.well-known/openid-configuration — the same metadata for OpenID Connect Discovery 1.0 §4.
import { oauthRoute } from "@/app/_lib/oauth-route";

export const dynamic = "force-dynamic";
export const GET = oauthRoute("/.well-known/openid-configuration");

// POST /oauth/revoke — token revocation (RFC 7009).
import { oauthRoute } from "@/app/_lib/oauth-route";

export const dynamic = "force-dynamic";
export const POST = oauthRoute("/oauth/revoke");

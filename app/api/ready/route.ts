// GET /api/ready — readiness: database reachable, migrations applied.
import { oauthRoute } from "@/app/_lib/oauth-route";

export const dynamic = "force-dynamic";
export const GET = oauthRoute("/api/ready");

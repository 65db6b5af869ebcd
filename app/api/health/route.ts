// GET /api/health — liveness.
import { oauthRoute } from "@/app/_lib/oauth-route";

export const dynamic = "force-dynamic";
export const GET = oauthRoute("/api/health");

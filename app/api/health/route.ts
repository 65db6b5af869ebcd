// GET /api/health — liveness.
import { healthEndpoint } from "@/lib/oauth/health-endpoints";

export const dynamic = "force-dynamic";
export const GET = healthEndpoint;

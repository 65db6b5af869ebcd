// GET /api/ready — readiness: database reachable, migrations applied.
import { readyEndpoint } from "@/lib/oauth/health-endpoints";

export const dynamic = "force-dynamic";
export const GET = readyEndpoint;

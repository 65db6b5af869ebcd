// GET /openapi.json — the OpenAPI 3.1 document of the automation API and the OAuth endpoints
// (lib/api/openapi). Served by server/main.ts in production; this route serves it under `next dev`.
import { apiRoute } from "@/app/_lib/api-route";

export const dynamic = "force-dynamic";
export const GET = apiRoute();
export const HEAD = GET;

// /api/v1/* — the automation API (lib/api; README "Automation API"). Served by server/main.ts in
// production without entering Next; this catch-all makes the same handler work under `next dev`.
import { apiRoute } from "@/app/_lib/api-route";

export const dynamic = "force-dynamic";
const handle = apiRoute();
export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PATCH = handle;
export const PUT = handle;
export const DELETE = handle;
export const OPTIONS = handle;

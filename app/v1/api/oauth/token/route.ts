// POST /v1/api/oauth/token — the "vision10" vendor profile's token endpoint (KEYPORT_PROFILES,
// lib/oauth/profiles/vision10.ts). Served by server/main.ts in production; this route makes the
// same handler work under `next dev`, and answers 404 while the profile is not active.
import { profileRoute } from "@/app/_lib/profile-route";
import { VISION10_PATH } from "@/lib/oauth/profiles/vision10";

export const dynamic = "force-dynamic";
const handler = profileRoute(VISION10_PATH);
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };

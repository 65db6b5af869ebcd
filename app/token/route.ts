// POST /token — the "access-analyzer" vendor profile's token endpoint (KEYPORT_PROFILES,
// lib/oauth/profiles/access-analyzer.ts). Served by server/main.ts in production; this route makes
// the same handler work under `next dev`, and answers 404 while the profile is not active.
import { profileRoute } from "@/app/_lib/profile-route";
import { ACCESS_ANALYZER_PATH } from "@/lib/oauth/profiles/access-analyzer";

export const dynamic = "force-dynamic";
const handler = profileRoute(ACCESS_ANALYZER_PATH);
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };

// POST /ciam-mfa/v2/get/token — the "ciam" vendor profile's token endpoint (KEYPORT_PROFILES,
// lib/oauth/profiles/ciam.ts). Served by server/main.ts in production; this route makes the same
// handler work under `next dev`, and answers 404 while the profile is not active.
import { profileRoute } from "@/app/_lib/profile-route";
import { CIAM_PATH } from "@/lib/oauth/profiles/ciam";

export const dynamic = "force-dynamic";
const handler = profileRoute(CIAM_PATH);
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };

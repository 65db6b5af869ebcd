// POST /oauth/revoke — token revocation (RFC 7009).
import { revocationEndpoint } from "@/lib/oauth/revocation-endpoint";

export const dynamic = "force-dynamic";
export const POST = revocationEndpoint;

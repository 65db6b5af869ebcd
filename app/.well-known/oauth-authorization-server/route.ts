// GET /.well-known/oauth-authorization-server — authorization server metadata (RFC 8414).
import { discoveryEndpoint } from "@/lib/oauth/metadata-endpoints";

export const dynamic = "force-dynamic";
export const GET = discoveryEndpoint;

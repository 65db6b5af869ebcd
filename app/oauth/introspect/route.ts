// POST /oauth/introspect — token introspection (RFC 7662).
import { introspectionEndpoint } from "@/lib/oauth/introspection-endpoint";

export const dynamic = "force-dynamic";
export const POST = introspectionEndpoint;

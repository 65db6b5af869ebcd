// GET /.well-known/jwks.json — the public signing keys (RFC 7517).
import { jwksEndpoint } from "@/lib/oauth/metadata-endpoints";

export const dynamic = "force-dynamic";
export const GET = jwksEndpoint;

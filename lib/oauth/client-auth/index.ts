// The registered client-authentication methods, in the order they are tried and advertised.
// To add one: write lib/oauth/client-auth/<method>.ts exporting a ClientAuthMethod (or a
// factory taking the OAuthServices), and list it here. The metadata documents
// (lib/oauth/metadata.ts) then advertise it; nothing else changes.
import type { ClientAuthMethodFactory } from "./client-auth-method";
import { clientSecretBasic } from "./client-secret-basic";
import { clientSecretPost } from "./client-secret-post";
import { privateKeyJwt } from "./private-key-jwt";

export const CLIENT_AUTH_METHODS: readonly ClientAuthMethodFactory[] = [
  () => clientSecretBasic,
  () => clientSecretPost,
  // RFC 7523 §2.2: a JWT assertion signed with the client's own key (per-process JWKS cache).
  privateKeyJwt,
];

// The registered grant types. To add one: lib/oauth/grants/<grant>.ts exporting a GrantHandler
// (or a factory taking the OAuthServices), listed here; clients still need it in their grantTypes.
import type { GrantFactory } from "./grant-handler";
import { clientCredentialsGrant } from "./client-credentials";
import { refreshTokenGrant } from "./refresh-token";

export const GRANTS: readonly GrantFactory[] = [() => clientCredentialsGrant, refreshTokenGrant];

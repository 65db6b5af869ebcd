// grant_type=refresh_token (RFC 6749 §6) for applications with refresh tokens on (opt-in;
// RFC 6749 §4.4.3 says a client-credentials grant SHOULD NOT get one). The client authenticates
// as usual (token endpoint pipeline); then, in order:
//   1. the token unseals (lib/oauth/refresh/refresh-token-codec.ts) — else invalid_grant;
//   2. it was issued to this client (§6, §10.4) — else the same invalid_grant;
//   3. it has not expired;
//   4. scope and audience only narrow (§6, RFC 8707 §2.2) — checked before the token is spent,
//      so a bad request does not burn it;
//   5. single use (RFC 9700 §4.14.2): its digest is recorded once on the shared database. A token
//      seen before is a replay: the whole family is revoked (the newest token too), audited, and
//      the application's people are mailed, once per family. A revoked family is invalid_grant.
// Success: a new access token and a new refresh token of the same family (generation + 1, a fresh
// lifetime, the grant's original scope and audience as §6 requires).
import { issueAccessToken } from "../issue-access-token";
import { invalidRequest, OAuthError } from "../errors";
import type { OAuthServices } from "../oauth-services";
import { mailerFor } from "../../mail/process-mailer";
import { claimRefreshTokenUse } from "../refresh/claim-refresh-token";
import { narrowRefreshGrant } from "../refresh/narrow-refresh-grant";
import { refreshTokenCodec, refreshTokenDigest } from "../refresh/refresh-token-codec";
import { revokeRefreshFamily } from "../refresh/revoke-refresh-family";
import type { GrantFactory, GrantHandler } from "./grant-handler";

const invalidGrant = (description: string) => new OAuthError("invalid_grant", description);

export function createRefreshTokenGrant(services: OAuthServices): GrantHandler {
  const { config, db, prisma, events } = services;
  const codec = refreshTokenCodec(config.secret);
  return {
    type: "refresh_token",
    async handle({ endpoint, req, params, client }, binding) {
      // The cache derives the grant from the flag (lib/oauth/refresh/effective-grant-types.ts); a
      // client built any other way is held to the flag all the same.
      if (!client.refreshTokens) throw new OAuthError("unauthorized_client", "refresh tokens are not enabled for this client");
      const presented = params.get("refresh_token");
      if (presented === undefined) throw invalidRequest("missing refresh_token");
      const claims = codec.open(presented);
      // One description for "not ours" and "another client's": a caller learns nothing about
      // tokens that are not its own.
      if (!claims || claims.clientId !== client.clientId || claims.appId !== client.appId) throw invalidGrant("the refresh token is invalid");
      const now = Math.floor(Date.now() / 1000);
      if (claims.exp <= now) throw invalidGrant("the refresh token has expired");
      // A vendor profile's path (lib/oauth/profiles) has its own default audience and extra claims.
      const hook = endpoint.claims;
      const { scope, aud } = narrowRefreshGrant(claims, params, client, hook?.defaultAudience?.(client));

      const outcome = await claimRefreshTokenUse(db, {
        digest: refreshTokenDigest(presented),
        familyId: claims.familyId,
        expiresAt: new Date(claims.exp * 1000),
      });
      if (outcome === "revoked") throw invalidGrant("the refresh token has been revoked");
      if (outcome === "reused") {
        await revokeRefreshFamily(
          prisma,
          { familyId: claims.familyId, appId: client.appId, reason: "reuse", generation: claims.generation },
          { type: "client", id: client.clientId, ip: req.remoteAddress, userAgent: req.header("user-agent") ?? null },
          { mailer: mailerFor(prisma, config, events), baseUrl: config.publicOrigin },
        );
        throw invalidGrant("the refresh token was already used: every refresh token of its chain is now revoked (RFC 9700 §4.14.2)");
      }

      const accessToken = await issueAccessToken(services.keys, {
        issuer: endpoint.issuer,
        client,
        scope,
        aud,
        cnf: binding?.cnf,
        extraClaims: hook?.extraClaims,
      });
      const refreshToken = codec.issue({
        familyId: claims.familyId,
        generation: claims.generation + 1,
        appId: client.appId,
        clientId: client.clientId,
        scope: claims.scope,
        aud: claims.aud,
        lifetime: client.refreshTokenLifetime,
        now,
      });
      return {
        access_token: accessToken,
        token_type: binding ? binding.tokenType : "Bearer",
        expires_in: client.tokenLifetime,
        scope,
        refresh_token: refreshToken,
      };
    },
  };
}

export const refreshTokenGrant: GrantFactory = (services) => createRefreshTokenGrant(services);

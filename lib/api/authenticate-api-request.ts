// Authenticating a call to the automation API with one of Keyport's own access tokens, checked
// as any resource server would check it (RFC 6750, RFC 9068 §4, RFC 9449 §7):
//   Authorization header (Bearer or DPoP scheme) → signature by a key in our JWKS, that key's
//   algorithm pinned, typ at+jwt, iss = the public origin, exp / nbf (lib/oauth/verify-access-token)
//   → aud includes urn:keyport:management → DPoP: a bound token (cnf.jkt) only with the DPoP scheme
//   and a valid proof for this very request (htm, htu, ath, key = cnf.jkt, jti once) → not revoked
//   (RevokedToken, as introspection checks) and its application active (the client cache, which
//   LISTEN/NOTIFY keeps current) → the token's scopes the application still holds.
// Any failure is 401 invalid_token (400 invalid_request for a malformed header) with the
// WWW-Authenticate challenge; nothing about the token is echoed back.
import crypto from "node:crypto";
import type { OAuthServices } from "../oauth/oauth-services";
import { verifyAccessToken, type AccessTokenClaims } from "../oauth/verify-access-token";
import { createDpopNonces } from "../oauth/dpop/dpop-binding";
import { normalizeEndpointUrl } from "../oauth/dpop/normalize-htu";
import { DpopProofError, verifyDpopProof } from "../oauth/dpop/verify-dpop-proof";
import { publicUrl } from "../config/public-origin";
import { MANAGEMENT_AUDIENCE, type ApiPrincipal } from "./api-principal";
import { dpopProofProblem, invalidAuthRequest, invalidToken, missingCredentials, type AuthScheme } from "./bearer-challenge";

type AuthServices = Pick<OAuthServices, "config" | "keys" | "prisma" | "clients" | "replay">;

export interface ApiCredentials {
  /** The request method (a DPoP proof's htm). */
  method: string;
  /** The request path, percent-encoded as received, without the query (a DPoP proof's htu). */
  pathname: string;
  header(name: string): string | undefined;
}

// RFC 6750 §2.1 / RFC 9449 §7.1: scheme (case-insensitive, RFC 9110 §11.1), one space or more, token68.
const AUTHORIZATION = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*)$/i;

/** base64url(SHA-256(token)): the `ath` of a DPoP proof sent with the token (RFC 9449 §4.2). */
export function accessTokenHash(token: string): string {
  return crypto.createHash("sha256").update(token, "ascii").digest("base64url");
}

const audiencesOf = (claims: AccessTokenClaims) => (typeof claims.aud === "string" ? [claims.aud] : claims.aud);

export function createApiAuthenticator(services: AuthServices): (req: ApiCredentials) => Promise<ApiPrincipal> {
  const issuer = services.config.publicOrigin;
  const nonces = createDpopNonces(services.config);

  const proofFor = async (req: ApiCredentials, token: string, jkt: string) => {
    const proof = req.header("dpop");
    if (proof === undefined) throw dpopProofProblem("invalid_dpop_proof", "A DPoP-bound access token needs a DPoP proof header.");
    try {
      const verified = await verifyDpopProof(proof, {
        htm: req.method,
        htu: normalizeEndpointUrl(publicUrl(services.config, req.pathname)),
        ath: accessTokenHash(token),
        nonces,
        replay: services.replay,
      });
      // §7.1: the proof's key is the one the token is bound to.
      if (verified.jkt !== jkt) throw dpopProofProblem("invalid_dpop_proof", "The DPoP proof key is not the key the access token is bound to.");
    } catch (err) {
      if (err instanceof DpopProofError) {
        throw dpopProofProblem(err.error === "use_dpop_nonce" ? "use_dpop_nonce" : "invalid_dpop_proof", err.description, err.headers);
      }
      throw err;
    }
  };

  return async (req) => {
    const authorization = req.header("authorization");
    if (authorization === undefined || authorization.trim() === "") throw missingCredentials();
    const m = AUTHORIZATION.exec(authorization);
    if (!m) {
      // Another scheme (Basic, …) is no credential for this API; a malformed Bearer/DPoP value, or
      // two Authorization headers (joined by ", "), is a malformed request (RFC 6750 §3.1).
      if (/^(bearer|dpop)(\s|$)/i.test(authorization)) throw invalidAuthRequest("The Authorization header is malformed.");
      throw missingCredentials();
    }
    const scheme: AuthScheme = m[1]!.toLowerCase() === "dpop" ? "DPoP" : "Bearer";
    const token = m[2]!;

    const claims = await verifyAccessToken(services.keys, token, issuer);
    if (!claims) throw invalidToken("The access token is invalid, expired, or was not issued by this server.", scheme);
    if (!audiencesOf(claims).includes(MANAGEMENT_AUDIENCE)) {
      throw invalidToken(`The access token is not for this API: its audience must include ${MANAGEMENT_AUDIENCE}.`, scheme);
    }

    const jkt = typeof claims.cnf?.jkt === "string" ? claims.cnf.jkt : undefined;
    if (jkt !== undefined) {
      // RFC 9449 §7.2: a bound token presented as a Bearer token is refused.
      if (scheme !== "DPoP") throw invalidToken("The access token is DPoP-bound: send it as Authorization: DPoP with a DPoP proof.", "DPoP");
      await proofFor(req, token, jkt);
    } else if (scheme === "DPoP") {
      throw invalidToken("The access token is not DPoP-bound: send it as Authorization: Bearer.", "DPoP");
    }

    // The team is read with the revocation check (the client cache does not hold it): the API
    // acts for the application's team as it is now.
    const [revoked, client, owner] = await Promise.all([
      services.prisma.revokedToken.findUnique({ where: { jti: claims.jti }, select: { jti: true } }),
      services.clients.get(claims.client_id),
      services.prisma.application.findUnique({ where: { clientId: claims.client_id }, select: { teamId: true } }),
    ]);
    if (revoked) throw invalidToken("The access token has been revoked.", scheme);
    if (!client || client.status !== "active" || !owner) throw invalidToken("The application of this access token is not active.", scheme);

    const granted = new Set<string>();
    for (const s of (claims.scope ?? "").split(" ")) if (s && client.scopes.has(s)) granted.add(s);
    return {
      kind: "app",
      appId: client.appId,
      teamId: owner.teamId,
      clientId: client.clientId,
      scopes: granted,
      tokenId: claims.jti,
      tokenExpiresAt: claims.exp,
      dpopBound: jkt !== undefined,
    };
  };
}

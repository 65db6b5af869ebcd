// The refresh token of a client-credentials grant: the first of a new family (generation 0),
// carrying the grant's scope and audience. Sealed in memory, nothing stored (the token path writes
// nothing); only called for applications with refresh tokens on.
import type { CachedClient } from "../../cache/client-cache";
import { newRefreshFamilyId, refreshTokenCodec } from "./refresh-token-codec";

export function issueNewRefreshToken(
  root: Buffer,
  client: Pick<CachedClient, "appId" | "clientId" | "refreshTokenLifetime">,
  scope: string,
  aud: string | string[],
): string {
  return refreshTokenCodec(root).issue({
    familyId: newRefreshFamilyId(),
    generation: 0,
    appId: client.appId,
    clientId: client.clientId,
    scope,
    aud,
    lifetime: client.refreshTokenLifetime,
  });
}

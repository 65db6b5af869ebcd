// Small request-reading helpers the vendor profiles (lib/oauth/profiles) share.
import type { OAuthRequest } from "../oauth-http";
import type { Params } from "../read-params";

/** The media type of a Content-Type header, lower-case, without parameters ("" when absent). */
export function mediaTypeOf(req: OAuthRequest): string {
  return (req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** `params` with grant_type read as `grantType` (an alias a profile accepts on its path only). */
export function withGrantType(params: Params, grantType: string): Params {
  return {
    get: (name) => (name === "grant_type" ? grantType : params.get(name)),
    has: (name) => params.has(name),
    resources: params.resources,
  };
}

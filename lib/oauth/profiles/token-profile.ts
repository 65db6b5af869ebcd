// A vendor profile (KEYPORT_PROFILES, issue #10 §1): one more path on the very same token pipeline
// (lib/oauth/token-endpoint.ts) — same client authentication, rate limits, grants, events and audit
// as /oauth/token — with its own way of reading the request and its own response dialect, so an
// integration written against another client-credentials service keeps working with only its base
// URL changed. Each lives in lib/oauth/profiles/<name>.ts and is registered in
// lib/oauth/profiles/index.ts; createOAuthServer (lib/oauth/oauth-server.ts) mounts the active ones.
//
// Everything here is resolved once when the server is built: /oauth/token itself runs none of it.
import type { ProfileName } from "../../config/env";
import type { ResponseDialect } from "../dialects/response-dialect";
import type { OAuthRequest } from "../oauth-http";
import type { Params } from "../read-params";
import type { TokenClaimsHook } from "../token-claims-hook";

/** One documented error of a profile (the admin console and /docs list them). */
export interface ProfileErrorDoc {
  status: number;
  /** The profile's own error code (`error`, or vision10's `errorCode`). */
  code: string;
  when: string;
}

export interface TokenProfile {
  readonly name: ProfileName;
  /** Human name for the admin console and /docs. */
  readonly title: string;
  /** One line: what integrations this serves. */
  readonly summary: string;
  /** The path it answers on (POST), beside Keyport's own /oauth/token. */
  readonly path: string;
  /** Media types the body may have, for /docs. */
  readonly contentTypes: readonly string[];
  /** Its response dialect: success and error bodies (`name` = the profile's, on every token event). */
  readonly dialect: ResponseDialect;
  /**
   * Request body → parameters: size cap, content types, limits, aliases. Synchronous, no I/O;
   * throws OAuthErrors, which the dialect serializes.
   */
  readParams(req: OAuthRequest): Params;
  /** The grant types this path accepts, of the registered ones (lib/oauth/grants); others are unsupported_grant_type. */
  readonly grantTypes: readonly string[];
  /** Claims of the tokens issued here, where they differ from /oauth/token's. */
  readonly claims?: TokenClaimsHook;
  /** How its error bodies look, one sentence for /docs, and the member holding the code. */
  readonly errorFormat: string;
  readonly errorCodeField: string;
  /** Its errors, as /docs lists them. */
  readonly errors: readonly ProfileErrorDoc[];
  /** Copy-paste requests against `url` (the profile's absolute public URL), for /docs. */
  examples(url: string): readonly ProfileExample[];
}

export interface ProfileExample {
  label: string;
  code: string;
}

// The vendor profiles Keyport can mount (KEYPORT_PROFILES, lib/config/env.ts). To add one: write
// lib/oauth/profiles/<name>.ts exporting a TokenProfile, add its name to PROFILE_NAMES and list it
// here; createOAuthServer (lib/oauth/oauth-server.ts) mounts it, /docs and the admin console list it.
import type { ProfileName } from "../../config/env";
import { ACCESS_ANALYZER_PROFILE } from "./access-analyzer";
import { CIAM_PROFILE } from "./ciam";
import type { TokenProfile } from "./token-profile";
import { VISION10_PROFILE } from "./vision10";

export const PROFILES: Readonly<Record<ProfileName, TokenProfile>> = {
  ciam: CIAM_PROFILE,
  vision10: VISION10_PROFILE,
  "access-analyzer": ACCESS_ANALYZER_PROFILE,
};

/** The profiles KEYPORT_PROFILES names, in its order. */
export function activeProfiles(names: readonly ProfileName[]): TokenProfile[] {
  return names.map((n) => PROFILES[n]);
}

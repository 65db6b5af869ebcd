// `organization` on a token request: the app's team by id or slug → org_id / org_name; anything
// else → invalid_request; absent → the path's own claims, untouched (the same object).
import { test } from "node:test";
import assert from "node:assert/strict";
import { organizationClaims } from "./organization";
import { OAuthError } from "./errors";
import type { CachedClient } from "../cache/client-cache";
import type { Params } from "./read-params";

const orgClaims = Object.freeze({ org_id: "team_0123456789abcdef01234567", org_name: "Payments platform" });
const client = { teamId: orgClaims.org_id, teamSlug: "payments", orgClaims } as unknown as CachedClient;
const params = (values: Record<string, string>): Params => ({ get: (n) => values[n], has: (n) => n in values, resources: [] });

test("absent: nothing is added, and a profile's claims come back as the very same object", () => {
  assert.equal(organizationClaims(params({}), client), undefined);
  const profile = Object.freeze({ authorization_details: [] });
  assert.equal(organizationClaims(params({ scope: "a" }), client, profile), profile);
});

test("the team's id or slug: org_id and org_name", () => {
  assert.equal(organizationClaims(params({ organization: "payments" }), client), orgClaims);
  assert.deepEqual(organizationClaims(params({ organization: orgClaims.org_id }), client), { org_id: orgClaims.org_id, org_name: "Payments platform" });
  assert.deepEqual(organizationClaims(params({ organization: "payments" }), client, { authorization_details: [] }), {
    authorization_details: [],
    org_id: orgClaims.org_id,
    org_name: "Payments platform",
  });
});

test("another team, another case, or a near miss: invalid_request (RFC 6749 §5.2)", () => {
  for (const organization of ["billing", "Payments", "payments ", orgClaims.org_id.toUpperCase(), "team_0123456789abcdef0123456"]) {
    assert.throws(
      () => organizationClaims(params({ organization }), client),
      (e: unknown) => e instanceof OAuthError && e.error === "invalid_request" && e.status === 400 && /organization/.test(e.description ?? ""),
      organization,
    );
  }
});

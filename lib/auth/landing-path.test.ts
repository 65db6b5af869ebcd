import { test } from "node:test";
import assert from "node:assert/strict";
import { SIGN_IN_LANDING_ROUTE, landingPath } from "./landing-path";

test("admins land in the admin console, with or without applications of their own", () => {
  assert.equal(landingPath({ isAdmin: true }, { hasApps: false }), "/admin");
  assert.equal(landingPath({ isAdmin: true }, { hasApps: true }), "/admin");
});

test("owners land in their applications, or on the registration form when they have none", () => {
  assert.equal(landingPath({ isAdmin: false }, { hasApps: true }), "/apps");
  assert.equal(landingPath({ isAdmin: false }, { hasApps: false }), "/apps/new");
});

test("the landing route is a same-site path the sign-in form accepts as callbackUrl", () => {
  assert.match(SIGN_IN_LANDING_ROUTE, /^\/(?![/\\])/);
});

// Where a sign-in lands when it was not started from a particular page (no callbackUrl): admins
// in the admin console; an owner with applications in their list; an owner with none on the
// registration form (issue #12 item 12: the first run is email → link → name → register).
// /signin/continue applies it once the session exists, so the decision uses who is signed in now,
// not who asked for the link.

/** The page that sends a freshly signed-in user to landingPath(): the default callbackUrl. */
export const SIGN_IN_LANDING_ROUTE = "/signin/continue";

export function landingPath(user: { isAdmin: boolean }, options: { hasApps: boolean }): "/admin" | "/apps" | "/apps/new" {
  if (user.isAdmin) return "/admin";
  return options.hasApps ? "/apps" : "/apps/new";
}

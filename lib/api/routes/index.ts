// Every route of the automation API. The router (lib/api/router.ts) and the OpenAPI document
// (lib/api/openapi) are both built from this list: a route listed here is served and documented.
import type { ApiRoute } from "../api-route";
import { ADMIN_APPROVAL_ROUTES } from "./admin-approvals";
import { ADMIN_AUDIENCE_ROUTES } from "./admin-audiences";
import { ADMIN_AUDIT_ROUTES } from "./admin-audit";
import { ADMIN_SCOPE_ROUTES } from "./admin-scopes";
import { ADMIN_SIGNING_KEY_ROUTES } from "./admin-signing-keys";
import { USAGE_ROUTES } from "./usage";
import { APPLICATION_ROUTES } from "./applications";
import { APPLICATION_SECRET_ROUTES } from "./application-secrets";
import { APPLICATION_KEY_ROUTES } from "./application-keys";
import { APPLICATION_ACTIVITY_ROUTES } from "./application-activity";
import { TEAM_ROUTES } from "./team";

export const API_ROUTES: readonly ApiRoute[] = [
  ...USAGE_ROUTES,
  ...APPLICATION_ROUTES,
  ...APPLICATION_SECRET_ROUTES,
  ...APPLICATION_KEY_ROUTES,
  ...APPLICATION_ACTIVITY_ROUTES,
  ...TEAM_ROUTES,
  ...ADMIN_APPROVAL_ROUTES,
  ...ADMIN_SCOPE_ROUTES,
  ...ADMIN_AUDIENCE_ROUTES,
  ...ADMIN_SIGNING_KEY_ROUTES,
  ...ADMIN_AUDIT_ROUTES,
];

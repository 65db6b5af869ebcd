// The calling application's team's applications: list, register, read, update, disable/enable,
// delete — the portal's domain functions (lib/apps), authorized through the team
// (lib/teams/authorize.ts: another team's application is a 404). What an application's scopes
// stand for, as team roles (README "Automation API"):
//   keyport:apps:read   — viewer: read applications, secrets' metadata, keys, usage, request log
//   keyport:apps:write  — developer: register, update, disable/enable, rotate/revoke, keys
//   keyport:teams:write — admin: members and invitations, deleting applications
import { z } from "zod";
import { publicOrigin } from "../../config/public-origin";
import { notFound } from "../../errors/app-error";
import { appDescriptionSchema, appNameSchema, audienceSchema, scopeListSchema } from "../../apps/app-schemas";
import { registerApp } from "../../apps/register-app";
import { listApps } from "../../apps/list-apps";
import { getApp } from "../../apps/get-app";
import { tokenLifetimeSchema, updateApp } from "../../apps/update-app";
import { changeAppStatusAsTeam } from "../../apps/change-app-status-as-team";
import { deleteApp } from "../../apps/delete-app";
import { MAX_KEY_INPUT_BYTES, RSA_ALGS } from "../../client-keys/client-key-algs";
import { MAX_JWKS_URI_LENGTH } from "../../client-keys/jwks-uri-rule";
import { getMailer } from "../../mail/process-mailer";
import { limitAppRegistration, refundAppRegistration } from "../../rate-limit/limit-app-registration";
import { requireAppAccess, requireTeamRole } from "../../teams/authorize";
import { teamIdSchema } from "../../teams/team-schemas";
import { defineRoute } from "../api-route";
import { cursorSchema, decodeCursor, encodeCursor, limitSchema, nextPageHeaders, pageSchema } from "../pagination";
import { ApiProblem } from "../problem";
import { emptyBodySchema, timestampSchema } from "./common-schemas";
import { appParams, applicationOut, applicationSchema, clientKeyOut, clientKeySchema, secretOut, secretSchema } from "./application-schemas";

const TAGS = ["Applications"];

const appCursorSchema = z.strictObject({ c: z.iso.datetime(), i: z.string().min(1).max(128) });

const applicationDetailSchema = applicationSchema
  .extend({ secrets: z.array(secretSchema).meta({ description: "Newest first; never the secrets themselves" }) })
  .meta({ id: "ApplicationDetail" });

const createdSchema = z
  .object({
    application: applicationSchema,
    client_secret: z
      .string()
      .nullable()
      .meta({ description: "Shown once: here, in this answer only (and in the team's credentials mail). null for private_key_jwt, and in an Idempotency-Key replay" }),
    secret_shown_once: z.boolean().meta({ description: "true when client_secret is in this answer; false in a replay (rotate if you lost it)" }),
    secret: secretSchema.nullable(),
    keys: z.array(clientKeySchema),
    pending_scopes: z.array(z.string()).meta({ description: "Scopes waiting for an admin's approval (the application is pending until then)" }),
  })
  .meta({ id: "RegisteredApplication" });

export const APPLICATION_ROUTES = [
  defineRoute({
    method: "GET",
    path: "/applications",
    operationId: "listApplications",
    summary: "List your team's applications",
    description: "Newest first; follow next_cursor (or the Link header) for older ones. The last page may be empty.",
    tags: TAGS,
    scope: "keyport:apps:read",
    params: null,
    query: z.strictObject({
      status: z.enum(["pending", "active", "disabled"], { message: "Use pending, active or disabled" }).optional(),
      search: z.string().trim().max(200).optional().meta({ description: "Name (substring), exact client_id or id, or creator email (substring)" }),
      team: teamIdSchema.optional().meta({ description: "Team id or slug: must be the calling application's team (another team is a 404)" }),
      cursor: cursorSchema,
      limit: limitSchema,
    }),
    body: null,
    response: { status: 200, description: "One page of applications", schema: pageSchema(applicationSchema, "ApplicationPage") },
    async handler({ services, principal, query, selfUrl }) {
      const team = query.team ? (await requireTeamRole(services.prisma, principal, query.team, "viewer")).team : null;
      const after = query.cursor ? decodeCursor(query.cursor, appCursorSchema) : undefined;
      const page = await listApps(services.prisma, {
        teamId: team?.id ?? principal.teamId,
        status: query.status,
        q: query.search || undefined,
        sort: "created_desc",
        pageSize: query.limit,
        after: after ? { createdAt: new Date(after.c), id: after.i } : undefined,
      });
      const last = page.items.length === query.limit ? page.items[page.items.length - 1] : undefined;
      const nextCursor = last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null;
      const next = nextCursor ? selfUrl({ status: query.status, search: query.search, team: query.team, limit: String(query.limit), cursor: nextCursor }) : null;
      return { headers: nextPageHeaders(next), body: { items: page.items.map(applicationOut), next_cursor: nextCursor } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/applications",
    operationId: "createApplication",
    summary: "Register an application in your team",
    description:
      "As the portal's registration: scopes and audience from the catalogs; scopes that need approval make it pending. The client_secret is in this answer only — an Idempotency-Key replay returns the same answer with client_secret null; the team's admins and developers get the credentials mail.",
    tags: TAGS,
    scope: "keyport:apps:write",
    params: null,
    query: null,
    body: z.strictObject({
      name: appNameSchema.meta({ example: "Billing sync" }),
      description: appDescriptionSchema.optional(),
      scopes: scopeListSchema.meta({ example: ["application.client"] }),
      audience: audienceSchema.optional().meta({ description: "Default: the catalog's default audience" }),
      token_lifetime: tokenLifetimeSchema.optional().meta({ description: "Access-token lifetime in seconds (default: the deployment's)" }),
      auth_method: z.enum(["client_secret", "private_key_jwt"]).default("client_secret"),
      keys: z.string().max(MAX_KEY_INPUT_BYTES).optional().meta({ description: "private_key_jwt: a public JWK, a JWKS or a PEM public key" }),
      jwks_uri: z.string().max(MAX_JWKS_URI_LENGTH).optional().meta({ description: "private_key_jwt: where the client publishes its keys (instead of keys)" }),
      rsa_alg: z.enum(RSA_ALGS).optional().meta({ description: "The alg of RSA keys that name none" }),
    }),
    response: { status: 201, description: "Registered", schema: createdSchema },
    shownOnce: ["client_secret"],
    async handler({ services, principal, body, actor }) {
      const { prisma, config, limits } = services;
      const { ref: team } = await requireTeamRole(prisma, principal, principal.teamId, "developer");
      // The calling application's creator is the new one's too (its "created by"); the team owns it.
      const caller = await prisma.application.findUnique({ where: { id: principal.appId }, select: { ownerId: true } });
      if (!caller) throw notFound("Application not found");
      // KEYPORT_LIMIT_REGISTER_PER_OWNER, shared with the portal: counted first, refunded when nothing was registered.
      const limited = await limitAppRegistration(limits, caller.ownerId);
      if (!limited.allowed) {
        throw new ApiProblem("rate-limited", `Too many applications registered recently; retry in ${limited.retryAfterSeconds} s.`, {
          headers: { "Retry-After": String(limited.retryAfterSeconds) },
        });
      }
      const registered = await registerApp(
        prisma,
        {
          name: body.name,
          description: body.description,
          scopes: body.scopes,
          audience: body.audience,
          tokenLifetime: body.token_lifetime,
          ownerId: caller.ownerId,
          team,
          authMethod: body.auth_method,
          keys: body.keys,
          jwksUri: body.jwks_uri,
          rsaAlg: body.rsa_alg,
        },
        actor,
        {
          pepper: config.secret,
          defaultSecretTtl: config.KEYPORT_SECRET_TTL,
          defaultTokenLifetime: config.KEYPORT_TOKEN_TTL,
          // As an owner's registration: privileged scopes (keyport:admin among them) wait for an admin.
          preApproved: false,
          jwksUriPolicy: { allowPrivate: config.KEYPORT_JWKS_URI_ALLOW_PRIVATE },
          credentialsMail: { mailer: await getMailer(), baseUrl: publicOrigin(config) },
        },
      ).catch(async (err: unknown) => {
        await refundAppRegistration(limits, caller.ownerId);
        throw err;
      });
      const app = applicationOut(registered.app);
      return registered.authMethod === "client_secret"
        ? {
            body: {
              application: app,
              client_secret: registered.clientSecret,
              secret_shown_once: true,
              secret: secretOut(registered.secret),
              keys: [],
              pending_scopes: registered.pendingScopes,
            },
          }
        : { body: { application: app, client_secret: null, secret_shown_once: false, secret: null, keys: registered.keys.map(clientKeyOut), pending_scopes: registered.pendingScopes } };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/applications/{app_id}",
    operationId: "getApplication",
    summary: "Read one of your team's applications",
    tags: TAGS,
    scope: "keyport:apps:read",
    params: appParams,
    query: null,
    body: null,
    response: { status: 200, description: "The application and its secrets' metadata", schema: applicationDetailSchema },
    async handler({ services, principal, params }) {
      const { ref } = await requireAppAccess(services.prisma, principal, params.app_id, "viewer");
      const app = await getApp(services.prisma, ref);
      const now = new Date();
      return { body: { ...applicationOut(app), secrets: app.secrets.map((s) => secretOut(s, now)) } };
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/applications/{app_id}",
    operationId: "updateApplication",
    summary: "Change an application's scopes, audiences or token lifetime",
    description:
      "Only the members present change, each with its own audit event. Scopes come from the catalog; one that needs an admin's approval cannot be added here (403). Policies reserved to administrators (refresh tokens, secret expiry) are not part of this API.",
    tags: TAGS,
    scope: "keyport:apps:write",
    params: appParams,
    query: null,
    body: z.strictObject({
      scopes: scopeListSchema.optional().meta({ description: "Replaces the scopes" }),
      audiences: z.array(audienceSchema).min(1, "Choose at least one audience").max(50).optional().meta({ description: "Replaces the audiences; the first is the default" }),
      token_lifetime: tokenLifetimeSchema.optional().meta({ description: "Seconds (60–86400)" }),
    }),
    response: {
      status: 200,
      description: "The application after the change",
      schema: z.object({ application: applicationSchema, changed: z.array(z.string()).meta({ description: "The members that changed (empty: nothing did)" }) }).meta({ id: "ApplicationUpdated" }),
    },
    async handler({ services, principal, params, body, actor }) {
      const { ref } = await requireAppAccess(services.prisma, principal, params.app_id, "developer");
      const { app, changes } = await updateApp(services.prisma, ref, { scopes: body.scopes, audiences: body.audiences, tokenLifetime: body.token_lifetime }, actor);
      const names: Record<string, string> = { scopes: "scopes", audiences: "audiences", tokenLifetime: "token_lifetime" };
      return { body: { application: applicationOut(app), changed: changes.map((c) => names[c.field] ?? c.field) } };
    },
  }),
  ...(["disable", "enable"] as const).map((action) =>
    defineRoute({
      method: "POST",
      path: `/applications/{app_id}/${action}`,
      operationId: action === "disable" ? "disableApplication" : "enableApplication",
      summary: action === "disable" ? "Disable an application" : "Enable an application your team disabled",
      description:
        action === "disable"
          ? "Its tokens are refused at once by every instance (and new ones are not issued). Disabling a disabled application changes nothing."
          : "Only an application your team disabled: one an administrator disabled or denied stays disabled (403). A pending application waits for approval (409).",
      tags: TAGS,
      scope: "keyport:apps:write",
      params: appParams,
      query: null,
      body: action === "disable" ? z.strictObject({ reason: z.string().trim().max(500, "At most 500 characters").optional() }) : emptyBodySchema,
      response: {
        status: 200,
        description: "The application after the change",
        schema: z
          .object({ application: applicationSchema, changed: z.boolean().meta({ description: "false: it already had that status" }) })
          .meta({ id: action === "disable" ? "ApplicationDisabled" : "ApplicationEnabled" }),
      },
      async handler({ services, principal, params, body, actor }) {
        const { ref } = await requireAppAccess(services.prisma, principal, params.app_id, "developer");
        const reason = (body as { reason?: string }).reason || undefined;
        const r = await changeAppStatusAsTeam(services.prisma, { ref, action, reason }, actor);
        return { body: { application: applicationOut(r.app), changed: r.changed } };
      },
    }),
  ),
  defineRoute({
    method: "DELETE",
    path: "/applications/{app_id}",
    operationId: "deleteApplication",
    summary: "Delete an application",
    description: "A team admin's action: needs keyport:teams:write. Its secrets and keys go with it; the audit log keeps its history.",
    tags: TAGS,
    scope: "keyport:teams:write",
    params: appParams,
    query: null,
    body: null,
    response: {
      status: 200,
      description: "Deleted",
      schema: z.object({ id: z.string(), client_id: z.string(), deleted: z.literal(true), deleted_at: timestampSchema }).meta({ id: "ApplicationDeleted" }),
    },
    async handler({ services, principal, params, actor }) {
      const { ref, app } = await requireAppAccess(services.prisma, principal, params.app_id, "admin");
      // The portal has a person type the name to confirm; an API call is explicit already.
      await deleteApp(services.prisma, ref, app.name, actor);
      return { body: { id: app.id, client_id: app.clientId, deleted: true as const, deleted_at: new Date().toISOString() } };
    },
  }),
];

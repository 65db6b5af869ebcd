// An application's client secrets: rotate with a grace period (the new secret is in the answer
// once, and mailed to the team's admins and developers in the same transaction — the portal's
// rotateSecretAndNotify), and revoke one now. keyport:apps:write (a developer's rights).
import { z } from "zod";
import { publicOrigin } from "../../config/public-origin";
import { rotateSecretAndNotify } from "../../secrets/rotate-secret-and-notify";
import { revokeClientSecret } from "../../secrets/revoke-client-secret";
import { getMailer } from "../../mail/process-mailer";
import { requireAppAccess } from "../../teams/authorize";
import { defineRoute } from "../api-route";
import { emptyBodySchema, iso, timestampSchema } from "./common-schemas";
import { appParams, secretOut, secretSchema } from "./application-schemas";

const TAGS = ["Application secrets"];
/** The longest overlap lib/secrets/rotate-client-secret.ts accepts. */
const MAX_GRACE_SECONDS = 30 * 86_400;

export const APPLICATION_SECRET_ROUTES = [
  defineRoute({
    method: "POST",
    path: "/applications/{app_id}/secrets/rotate",
    operationId: "rotateApplicationSecret",
    summary: "Rotate the client secret",
    description:
      "Issues a new secret; the previous ones keep working for grace_seconds (0: they stop now), so clients can be redeployed without downtime. The new client_secret is in this answer only — an Idempotency-Key replay has it null.",
    tags: TAGS,
    scope: "keyport:apps:write",
    params: appParams,
    query: null,
    body: z.strictObject({
      grace_seconds: z
        .number({ message: "grace_seconds must be a whole number of seconds" })
        .int("grace_seconds must be a whole number of seconds")
        .min(0, "grace_seconds must be at least 0")
        .max(MAX_GRACE_SECONDS, "grace_seconds must be at most 30 days (2592000)")
        .default(86_400)
        .meta({ description: "How long the previous secrets keep working (default 24 h)", example: 3600 }),
    }),
    response: {
      status: 200,
      description: "The new secret",
      schema: z
        .object({
          client_id: z.string(),
          client_secret: z.string().nullable().meta({ description: "Shown once; null in an Idempotency-Key replay" }),
          secret_shown_once: z.boolean(),
          secret: secretSchema,
          old_secrets_expire_at: timestampSchema.nullable().meta({ description: "When the previous secrets stop working (null: they already have)" }),
          mail_status: z.string().meta({ description: "The team's copy of the new secret: queued, sent or failed" }),
        })
        .meta({ id: "RotatedSecret" }),
    },
    shownOnce: ["client_secret"],
    async handler({ services, principal, params, body, actor }) {
      const { prisma, config } = services;
      const { ref } = await requireAppAccess(prisma, principal, params.app_id, "developer");
      const rotated = await rotateSecretAndNotify(
        prisma,
        { ref, graceSeconds: body.grace_seconds, notice: { kind: "rotated", rotatedBy: "owner" } },
        actor,
        { pepper: config.secret, defaultSecretTtl: config.KEYPORT_SECRET_TTL, baseUrl: publicOrigin(config), mailer: await getMailer() },
      );
      return {
        body: {
          client_id: rotated.app.clientId,
          client_secret: rotated.clientSecret,
          secret_shown_once: true,
          secret: secretOut(rotated.secret),
          old_secrets_expire_at: iso(rotated.oldSecretsExpireAt),
          mail_status: rotated.mail.status,
        },
      };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/applications/{app_id}/secrets/{secret_id}/revoke",
    operationId: "revokeApplicationSecret",
    summary: "Revoke one client secret now",
    description: "It no longer works at the token endpoint, on any instance. Revoking a revoked secret changes nothing.",
    tags: TAGS,
    scope: "keyport:apps:write",
    params: appParams.extend({ secret_id: z.string().trim().min(1).max(100).meta({ description: "The secret's id (from GET /applications/{app_id})" }) }),
    query: null,
    body: emptyBodySchema,
    response: { status: 200, description: "Revoked", schema: z.object({ id: z.string(), revoked: z.literal(true) }).meta({ id: "SecretRevoked" }) },
    async handler({ services, principal, params, actor }) {
      const { ref } = await requireAppAccess(services.prisma, principal, params.app_id, "developer");
      await revokeClientSecret(services.prisma, ref, params.secret_id, actor);
      return { body: { id: params.secret_id, revoked: true as const } };
    },
  }),
];

// What the automation API shows of an application (an allow-list, as lib/apps/app-view.ts is for
// the portal), and the path parameter that names one. Shared by the team routes under
// /applications (applications.ts, application-secrets.ts, application-keys.ts, application-activity.ts).
import { z } from "zod";
import { appIdSchema } from "../../apps/app-schemas";
import type { AppSummary, SecretSummary } from "../../apps/app-view";
import { secretState } from "../../apps/app-view";
import type { ClientKeyView } from "../../client-keys/client-key-view";
import { iso, timestampSchema } from "./common-schemas";

export const appParams = z.strictObject({ app_id: appIdSchema.meta({ description: "Application id or client_id (of the calling application's team)" }) });

export const applicationSchema = z
  .object({
    id: z.string(),
    client_id: z.string(),
    name: z.string(),
    description: z.string(),
    status: z.enum(["pending", "active", "disabled"]).meta({ description: "pending: waiting for an admin's approval of a privileged scope" }),
    status_reason: z.string().nullable(),
    auth_method: z.enum(["client_secret", "private_key_jwt"]),
    jwks_uri: z.string().nullable(),
    require_dpop: z.boolean(),
    scopes: z.array(z.string()),
    audiences: z.array(z.string()).meta({ description: "RFC 8707 resources; the first is the default" }),
    grant_types: z.array(z.string()),
    token_lifetime: z.number().int().meta({ description: "Access-token lifetime in seconds" }),
    team: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    created_by: z.string().nullable().meta({ description: "Email of whoever registered it" }),
    created_at: timestampSchema,
    updated_at: timestampSchema,
    last_token_at: timestampSchema.nullable(),
  })
  .meta({ id: "Application" });

export const secretSchema = z
  .object({
    id: z.string(),
    hint: z.string().meta({ description: "The secret's last characters" }),
    state: z.enum(["active", "expiring", "expired", "revoked"]),
    created_at: timestampSchema,
    expires_at: timestampSchema.nullable(),
    revoked_at: timestampSchema.nullable(),
  })
  .meta({ id: "ClientSecret" });

export const clientKeySchema = z
  .object({
    id: z.string(),
    kid: z.string().nullable(),
    alg: z.string(),
    kty: z.string(),
    crv: z.string().optional(),
    thumbprint: z.string().meta({ description: "RFC 7638 JWK thumbprint (SHA-256)" }),
    created_at: timestampSchema,
  })
  .meta({ id: "ClientKey" });

export function applicationOut(a: AppSummary): z.input<typeof applicationSchema> {
  return {
    id: a.id,
    client_id: a.clientId,
    name: a.name,
    description: a.description,
    status: a.status,
    status_reason: a.statusReason,
    auth_method: a.authMethod,
    jwks_uri: a.jwksUri,
    require_dpop: a.requireDpop,
    scopes: a.scopes,
    audiences: a.audiences,
    grant_types: a.grantTypes,
    token_lifetime: a.tokenLifetime,
    team: { id: a.team.id, slug: a.team.slug, name: a.team.name },
    created_by: a.owner.email,
    created_at: iso(a.createdAt),
    updated_at: iso(a.updatedAt),
    last_token_at: iso(a.lastTokenAt),
  };
}

export function secretOut(s: SecretSummary, now = new Date()): z.input<typeof secretSchema> {
  return { id: s.id, hint: s.hint, state: secretState(s, now), created_at: iso(s.createdAt), expires_at: iso(s.expiresAt), revoked_at: iso(s.revokedAt) };
}

export function clientKeyOut(k: ClientKeyView): z.input<typeof clientKeySchema> {
  return { id: k.id, kid: k.kid, alg: k.alg, kty: k.kty, ...(k.crv ? { crv: k.crv } : {}), thumbprint: k.thumbprint, created_at: iso(k.createdAt) };
}

// Admin: the audience (API) catalog (the same domain functions as /admin/audiences). An
// audience's identifier is a URI: in a path it is percent-encoded (https%3A%2F%2Fapi.example.com).
import { z } from "zod";
import { audienceDescriptionSchema, audienceIdentifierSchema, audienceNameSchema } from "../../audiences/audience-schemas";
import { listAudiences } from "../../audiences/list-audiences";
import { createAudience } from "../../audiences/create-audience";
import { updateAudience } from "../../audiences/update-audience";
import { retireAudience, restoreAudience } from "../../audiences/retire-audience";
import { visibleText } from "../../apps/app-schemas";
import { defineRoute } from "../api-route";
import { emptyBodySchema, iso, timestampSchema } from "./common-schemas";

const TAGS = ["Admin: audiences"];

const audienceFields = {
  identifier: z.string().meta({ description: "The RFC 8707 resource indicator: the `aud` of its tokens", example: "https://api.example.com" }),
  name: z.string(),
  description: z.string(),
  is_default: z.boolean().meta({ description: "Registrations get it when they name no audience" }),
  retired_at: timestampSchema.nullable(),
  created_at: timestampSchema,
};
const audienceSchema = z.object(audienceFields).meta({ id: "Audience" });
const audienceListItemSchema = z
  .object({ ...audienceFields, grant_count: z.number().int().meta({ description: "Applications that may request it" }) })
  .meta({ id: "AudienceListItem" });

type AudienceRow = { identifier: string; name: string; description: string; isDefault: boolean; retiredAt: Date | null; createdAt: Date };
const audienceOut = (a: AudienceRow) => ({
  identifier: a.identifier,
  name: a.name,
  description: a.description,
  is_default: a.isDefault,
  retired_at: iso(a.retiredAt),
  created_at: iso(a.createdAt),
});

const identifierParams = z.strictObject({
  identifier: z.string().trim().min(1).max(500).meta({ description: "The audience identifier, percent-encoded", example: "urn:keyport:api" }),
});

export const ADMIN_AUDIENCE_ROUTES = [
  defineRoute({
    method: "GET",
    path: "/admin/audiences",
    operationId: "listAudiences",
    summary: "List the audience catalog",
    tags: TAGS,
    scope: "keyport:admin",
    params: null,
    query: null,
    body: null,
    response: { status: 200, description: "Every audience, the default first", schema: z.object({ items: z.array(audienceListItemSchema) }).meta({ id: "AudienceList" }) },
    async handler({ services }) {
      const audiences = await listAudiences(services.prisma);
      return { body: { items: audiences.map((a) => ({ ...audienceOut(a), grant_count: a.grantCount })) } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/admin/audiences",
    operationId: "createAudience",
    summary: "Add an audience (an API) to the catalog",
    tags: TAGS,
    scope: "keyport:admin",
    params: null,
    query: null,
    body: z.strictObject({
      identifier: audienceIdentifierSchema.meta({ example: "https://api.example.com" }),
      name: audienceNameSchema.meta({ example: "Billing API" }),
      description: audienceDescriptionSchema,
    }),
    response: { status: 201, description: "The new audience", schema: audienceSchema },
    async handler({ services, body, actor }) {
      return { body: audienceOut(await createAudience(services.prisma, body, actor)) };
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/admin/audiences/{identifier}",
    operationId: "updateAudience",
    summary: "Change an audience's name or description",
    description: "The identifier is what tokens carry: it cannot change.",
    tags: TAGS,
    scope: "keyport:admin",
    params: identifierParams,
    query: null,
    body: z.strictObject({
      name: audienceNameSchema.optional(),
      description: visibleText(z.string().trim().max(300, "At most 300 characters")).optional(),
    }),
    response: { status: 200, description: "The audience", schema: audienceSchema },
    async handler({ services, params, body, actor }) {
      return { body: audienceOut(await updateAudience(services.prisma, { identifier: params.identifier, ...body }, actor)) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/admin/audiences/{identifier}/retire",
    operationId: "retireAudience",
    summary: "Retire an audience",
    description: "New registrations can no longer request it; the default audience cannot be retired.",
    tags: TAGS,
    scope: "keyport:admin",
    params: identifierParams,
    query: null,
    body: z.strictObject({
      confirmed_grant_count: z
        .number({ message: "Give the number of applications that may request it" })
        .int()
        .min(0)
        .meta({ description: "How many applications may request it, as you reviewed (grant_count)" }),
    }),
    response: {
      status: 200,
      description: "Retired",
      schema: z.object({ identifier: z.string(), retired: z.literal(true), grant_count: z.number().int() }).meta({ id: "AudienceRetired" }),
    },
    async handler({ services, params, body, actor }) {
      const { grantCount } = await retireAudience(services.prisma, params.identifier, body.confirmed_grant_count, actor);
      return { body: { identifier: params.identifier, retired: true as const, grant_count: grantCount } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/admin/audiences/{identifier}/restore",
    operationId: "restoreAudience",
    summary: "Undo an audience's retirement",
    tags: TAGS,
    scope: "keyport:admin",
    params: identifierParams,
    query: null,
    body: emptyBodySchema,
    response: { status: 200, description: "Can be requested again", schema: z.object({ identifier: z.string(), retired: z.literal(false) }).meta({ id: "AudienceRestored" }) },
    async handler({ services, params, actor }) {
      await restoreAudience(services.prisma, params.identifier, actor);
      return { body: { identifier: params.identifier, retired: false as const } };
    },
  }),
];

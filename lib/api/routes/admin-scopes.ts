// Admin: the scope catalog (the same domain functions as /admin/scopes).
import { z } from "zod";
import { scopeNameSchema } from "../../apps/app-schemas";
import { scopeDescriptionSchema } from "../../scopes/scope-schemas";
import { listScopes } from "../../scopes/list-scopes";
import { createScope } from "../../scopes/create-scope";
import { updateScope } from "../../scopes/update-scope";
import { retireScope, restoreScope } from "../../scopes/retire-scope";
import { defineRoute } from "../api-route";
import { emptyBodySchema, iso, timestampSchema } from "./common-schemas";

const TAGS = ["Admin: scopes"];

const scopeFields = {
  name: z.string(),
  description: z.string(),
  requires_approval: z.boolean().meta({ description: "Registrations requesting it wait for an admin's approval" }),
  retired_at: timestampSchema.nullable().meta({ description: "Retired scopes can no longer be requested" }),
  created_at: timestampSchema,
  updated_at: timestampSchema,
};
const scopeSchema = z.object(scopeFields).meta({ id: "Scope" });
const scopeListItemSchema = z
  .object({ ...scopeFields, grant_count: z.number().int().meta({ description: "Applications holding the scope" }) })
  .meta({ id: "ScopeListItem" });

type ScopeRow = { name: string; description: string; requiresApproval: boolean; retiredAt: Date | null; createdAt: Date; updatedAt: Date };
const scopeOut = (s: ScopeRow) => ({
  name: s.name,
  description: s.description,
  requires_approval: s.requiresApproval,
  retired_at: iso(s.retiredAt),
  created_at: iso(s.createdAt),
  updated_at: iso(s.updatedAt),
});

const nameParams = z.strictObject({ name: scopeNameSchema.meta({ description: "The scope's name" }) });
const confirmedCount = z
  .number({ message: "Give the number of applications holding it" })
  .int()
  .min(0)
  .meta({ description: "How many applications hold it, as you reviewed (from grant_count): a grant added meanwhile makes the retirement fail" });

export const ADMIN_SCOPE_ROUTES = [
  defineRoute({
    method: "GET",
    path: "/admin/scopes",
    operationId: "listScopes",
    summary: "List the scope catalog",
    tags: TAGS,
    scope: "keyport:admin",
    params: null,
    query: z.strictObject({
      include_retired: z.enum(["true", "false"], { message: "Use true or false" }).default("true").meta({ description: "Include retired scopes (listed last)" }),
    }),
    body: null,
    response: { status: 200, description: "Every scope with how many applications hold it", schema: z.object({ items: z.array(scopeListItemSchema) }).meta({ id: "ScopeList" }) },
    async handler({ services, query }) {
      const scopes = await listScopes(services.prisma, { includeRetired: query.include_retired === "true" });
      return { body: { items: scopes.map((s) => ({ ...scopeOut(s), grant_count: s.grantCount })) } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/admin/scopes",
    operationId: "createScope",
    summary: "Add a scope to the catalog",
    tags: TAGS,
    scope: "keyport:admin",
    params: null,
    query: null,
    body: z.strictObject({
      name: scopeNameSchema.meta({ example: "reports.read" }),
      description: scopeDescriptionSchema.meta({ example: "Read reports" }),
      requires_approval: z.boolean().default(false),
    }),
    response: { status: 201, description: "The new scope", schema: scopeSchema },
    async handler({ services, body, actor }) {
      const scope = await createScope(services.prisma, { name: body.name, description: body.description, requiresApproval: body.requires_approval }, actor);
      return { body: scopeOut(scope) };
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/admin/scopes/{name}",
    operationId: "updateScope",
    summary: "Change a scope's description or whether it needs approval",
    description: "The approval flag applies to registrations from now on; applications holding the scope keep it.",
    tags: TAGS,
    scope: "keyport:admin",
    params: nameParams,
    query: null,
    body: z.strictObject({ description: scopeDescriptionSchema.optional(), requires_approval: z.boolean().optional() }),
    response: { status: 200, description: "The scope", schema: scopeSchema },
    async handler({ services, params, body, actor }) {
      const scope = await updateScope(services.prisma, { name: params.name, description: body.description, requiresApproval: body.requires_approval }, actor);
      return { body: scopeOut(scope) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/admin/scopes/{name}/retire",
    operationId: "retireScope",
    summary: "Retire a scope",
    description: "New registrations can no longer request it; existing grants stay. Retiring a retired scope changes nothing.",
    tags: TAGS,
    scope: "keyport:admin",
    params: nameParams,
    query: null,
    body: z.strictObject({ confirmed_grant_count: confirmedCount }),
    response: { status: 200, description: "Retired", schema: z.object({ name: z.string(), retired: z.literal(true), grant_count: z.number().int() }).meta({ id: "ScopeRetired" }) },
    async handler({ services, params, body, actor }) {
      const { grantCount } = await retireScope(services.prisma, params.name, body.confirmed_grant_count, actor);
      return { body: { name: params.name, retired: true as const, grant_count: grantCount } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/admin/scopes/{name}/restore",
    operationId: "restoreScope",
    summary: "Undo a scope's retirement",
    tags: TAGS,
    scope: "keyport:admin",
    params: nameParams,
    query: null,
    body: emptyBodySchema,
    response: { status: 200, description: "Can be requested again", schema: z.object({ name: z.string(), retired: z.literal(false) }).meta({ id: "ScopeRestored" }) },
    async handler({ services, params, actor }) {
      await restoreScope(services.prisma, params.name, actor);
      return { body: { name: params.name, retired: false as const } };
    },
  }),
];

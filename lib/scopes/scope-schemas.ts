// Input schemas of the scope catalog (admin console).
import { z } from "zod";
import { scopeNameSchema, visibleText } from "../apps/app-schemas";

export const scopeDescriptionSchema = visibleText(z.string().trim().min(1, "A description is required").max(300, "At most 300 characters"));

/** Form checkboxes arrive as "on" or not at all. */
export const checkboxSchema = z.union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")]).optional()
  .transform((v) => v === true || v === "on" || v === "true");

export const createScopeSchema = z.object({
  name: scopeNameSchema,
  description: scopeDescriptionSchema,
  requiresApproval: checkboxSchema,
});
export type CreateScopeInput = z.input<typeof createScopeSchema>;

export const updateScopeSchema = z.object({
  name: scopeNameSchema,
  description: scopeDescriptionSchema.optional(),
  requiresApproval: z.boolean().optional(),
});
export type UpdateScopeInput = z.input<typeof updateScopeSchema>;

// Input schemas of the audience (API) catalog. An audience is an RFC 8707 resource indicator:
// an absolute URI (https://… or urn:…) without a fragment, which becomes the token's `aud`.
import { z } from "zod";

export const audienceIdentifierSchema = z
  .string()
  .trim()
  .min(1, "An identifier is required")
  .max(500, "At most 500 characters")
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.hash === "" && /^[a-z][a-z0-9+.-]*:$/.test(u.protocol);
    } catch {
      return false;
    }
  }, "Use an absolute URI without a fragment, e.g. https://api.example.com or urn:example:api");

export const audienceNameSchema = z.string().trim().min(1, "A name is required").max(100, "At most 100 characters");
export const audienceDescriptionSchema = z.string().trim().max(300, "At most 300 characters").default("");

export const createAudienceSchema = z.object({
  identifier: audienceIdentifierSchema,
  name: audienceNameSchema,
  description: audienceDescriptionSchema,
});
export type CreateAudienceInput = z.input<typeof createAudienceSchema>;

export const updateAudienceSchema = z.object({
  identifier: z.string().trim().min(1).max(500),
  name: audienceNameSchema.optional(),
  description: z.string().trim().max(300, "At most 300 characters").optional(),
});
export type UpdateAudienceInput = z.input<typeof updateAudienceSchema>;

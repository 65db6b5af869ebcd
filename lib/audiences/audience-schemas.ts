// Input schemas of the audience (API) catalog. An audience is an RFC 8707 resource indicator:
// an absolute URI (https://… or urn:…) without a fragment, which becomes the token's `aud`.
import { z } from "zod";
import { visibleText } from "../apps/app-schemas";

export const audienceIdentifierSchema = visibleText(z.string().trim().min(1, "An identifier is required").max(500, "At most 500 characters"))
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.hash === "" && /^[a-z][a-z0-9+.-]*:$/.test(u.protocol);
    } catch {
      return false;
    }
  }, "Use an absolute URI without a fragment, e.g. https://api.example.com or urn:example:api");

export const audienceNameSchema = visibleText(z.string().trim().min(1, "A name is required").max(100, "At most 100 characters"));
export const audienceDescriptionSchema = visibleText(z.string().trim().max(300, "At most 300 characters")).default("");

export const createAudienceSchema = z.object({
  identifier: audienceIdentifierSchema,
  name: audienceNameSchema,
  description: audienceDescriptionSchema,
});
export type CreateAudienceInput = z.input<typeof createAudienceSchema>;

export const updateAudienceSchema = z.object({
  identifier: z.string().trim().min(1).max(500),
  name: audienceNameSchema.optional(),
  description: visibleText(z.string().trim().max(300, "At most 300 characters")).optional(),
});
export type UpdateAudienceInput = z.input<typeof updateAudienceSchema>;

/** Add or remove a resource server allowed to introspect an audience's tokens (by its client_id). */
export const audienceIntrospectorSchema = z.object({
  identifier: z.string().trim().min(1, "An audience is required").max(500),
  clientId: z.string().trim().min(1, "A client_id is required").max(128, "At most 128 characters"),
});
export type AudienceIntrospectorInput = z.input<typeof audienceIntrospectorSchema>;

// Admin: the token signing keys (the same domain functions as /admin/keys and `keyport keys`).
import { z } from "zod";
import { listSigningKeys } from "../../keys/list-signing-keys";
import { rotateSigningKey } from "../../keys/rotate-signing-key";
import { defineRoute } from "../api-route";
import { emptyBodySchema, iso, timestampSchema } from "./common-schemas";

const TAGS = ["Admin: signing keys"];

const signingKeySchema = z
  .object({
    kid: z.string(),
    alg: z.string().meta({ example: "RS256" }),
    status: z.enum(["active", "retired"]),
    created_at: timestampSchema,
    activated_at: timestampSchema.nullable(),
    retired_at: timestampSchema.nullable(),
    expires_at: timestampSchema.nullable().meta({ description: "When a retired key leaves the JWKS" }),
    in_jwks: z.boolean().meta({ description: "Published at /.well-known/jwks.json" }),
  })
  .meta({ id: "SigningKey" });

export const ADMIN_SIGNING_KEY_ROUTES = [
  defineRoute({
    method: "GET",
    path: "/admin/signing-keys",
    operationId: "listSigningKeys",
    summary: "List the signing keys",
    tags: TAGS,
    scope: "keyport:admin",
    params: null,
    query: null,
    body: null,
    response: { status: 200, description: "Newest first", schema: z.object({ items: z.array(signingKeySchema) }).meta({ id: "SigningKeyList" }) },
    async handler({ services }) {
      const keys = await listSigningKeys(services.prisma);
      return {
        body: {
          items: keys.map((k) => ({
            kid: k.kid,
            alg: k.alg,
            status: k.status,
            created_at: iso(k.createdAt),
            activated_at: iso(k.activatedAt),
            retired_at: iso(k.retiredAt),
            expires_at: iso(k.expiresAt),
            in_jwks: k.inJwks,
          })),
        },
      };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/admin/signing-keys/rotate",
    operationId: "rotateSigningKey",
    summary: "Rotate the signing key",
    description:
      "A new key of the configured algorithm signs tokens from now on; the previous one stays in the JWKS until every token it signed has expired. Send an Idempotency-Key so that a retry does not rotate twice.",
    tags: TAGS,
    scope: "keyport:admin",
    params: null,
    query: null,
    body: emptyBodySchema,
    response: {
      status: 200,
      description: "The new current key",
      schema: z.object({ kid: z.string(), alg: z.string(), retired: z.array(z.string()).meta({ description: "kids of the keys it replaced" }) }).meta({ id: "SigningKeyRotation" }),
    },
    async handler({ services, actor }) {
      const { config } = services;
      const r = await rotateSigningKey(services.prisma, config.secret, config.KEYPORT_SIGNING_ALG, actor, config.KEYPORT_TOKEN_TTL);
      return { body: { kid: r.kid, alg: r.alg, retired: r.retired } };
    },
  }),
];

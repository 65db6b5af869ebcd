// The public keys of a private_key_jwt application (RFC 7523 §2.2): inline keys or a jwks_uri —
// the portal's lib/client-keys functions; each change is mailed to the team's admins and
// developers in its own transaction. Reading needs keyport:apps:read, changes keyport:apps:write.
import { z } from "zod";
import { publicOrigin } from "../../config/public-origin";
import { listClientKeys } from "../../client-keys/list-client-keys";
import { addClientKey } from "../../client-keys/add-client-key";
import { removeClientKey } from "../../client-keys/remove-client-key";
import { setJwksUri } from "../../client-keys/set-jwks-uri";
import type { ClientKeyChangeOptions } from "../../client-keys/queue-key-change-email";
import { MAX_KEY_INPUT_BYTES, RSA_ALGS } from "../../client-keys/client-key-algs";
import { MAX_JWKS_URI_LENGTH } from "../../client-keys/jwks-uri-rule";
import { getMailer } from "../../mail/process-mailer";
import type { OAuthServices } from "../../oauth/oauth-services";
import { requireAppAccess } from "../../teams/authorize";
import { defineRoute } from "../api-route";
import { appParams, clientKeyOut, clientKeySchema } from "./application-schemas";

const TAGS = ["Application keys"];

const keyListSchema = z
  .object({
    auth_method: z.enum(["client_secret", "private_key_jwt"]),
    jwks_uri: z.string().nullable().meta({ description: "Where the client publishes its keys (null: the inline keys)" }),
    keys: z.array(clientKeySchema).meta({ description: "Inline keys, oldest first" }),
  })
  .meta({ id: "ClientKeyList" });

async function changeOptions(services: OAuthServices): Promise<ClientKeyChangeOptions> {
  return { secret: services.config.secret, baseUrl: publicOrigin(services.config), mailer: await getMailer() };
}

export const APPLICATION_KEY_ROUTES = [
  defineRoute({
    method: "GET",
    path: "/applications/{app_id}/keys",
    operationId: "listApplicationKeys",
    summary: "List an application's public keys",
    tags: TAGS,
    scope: "keyport:apps:read",
    params: appParams,
    query: null,
    body: null,
    response: { status: 200, description: "Its keys, or its jwks_uri", schema: keyListSchema },
    async handler({ services, principal, params }) {
      const { ref } = await requireAppAccess(services.prisma, principal, params.app_id, "viewer");
      const list = await listClientKeys(services.prisma, ref);
      return { body: { auth_method: list.authMethod, jwks_uri: list.jwksUri, keys: list.keys.map(clientKeyOut) } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/applications/{app_id}/keys",
    operationId: "addApplicationKeys",
    summary: "Add public keys",
    description: "A public JWK, a JWKS or a PEM public key (private members are refused). They work at the token endpoint at once.",
    tags: TAGS,
    scope: "keyport:apps:write",
    params: appParams,
    query: null,
    body: z.strictObject({
      keys: z.string().min(1, "Paste a public key").max(MAX_KEY_INPUT_BYTES).meta({ description: "A public JWK, a JWKS or a PEM public key (as a string)" }),
      rsa_alg: z.enum(RSA_ALGS).optional().meta({ description: "The alg of RSA keys that name none" }),
    }),
    response: { status: 201, description: "The keys added", schema: z.object({ added: z.array(clientKeySchema) }).meta({ id: "ClientKeysAdded" }) },
    async handler({ services, principal, params, body, actor }) {
      const { ref } = await requireAppAccess(services.prisma, principal, params.app_id, "developer");
      const r = await addClientKey(services.prisma, { app: ref, keys: body.keys, rsaAlg: body.rsa_alg }, actor, await changeOptions(services));
      return { body: { added: r.added.map(clientKeyOut) } };
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/applications/{app_id}/keys/{key_id}",
    operationId: "removeApplicationKey",
    summary: "Remove a public key",
    description: "Assertions signed with it are refused from now on.",
    tags: TAGS,
    scope: "keyport:apps:write",
    params: appParams.extend({ key_id: z.string().trim().min(1).max(200).meta({ description: "The key's id, kid or thumbprint" }) }),
    query: null,
    body: null,
    response: {
      status: 200,
      description: "Removed",
      schema: z.object({ removed: clientKeySchema, remaining: z.number().int() }).meta({ id: "ClientKeyRemoved" }),
    },
    async handler({ services, principal, params, actor }) {
      const { ref } = await requireAppAccess(services.prisma, principal, params.app_id, "developer");
      const r = await removeClientKey(services.prisma, { app: ref, key: params.key_id }, actor, await changeOptions(services));
      return { body: { removed: clientKeyOut(r.removed), remaining: r.remaining } };
    },
  }),
  defineRoute({
    method: "PUT",
    path: "/applications/{app_id}/jwks-uri",
    operationId: "setApplicationJwksUri",
    summary: "Set or clear the jwks_uri",
    description: "Keys are then fetched from it (inline keys are removed); null stops using it.",
    tags: TAGS,
    scope: "keyport:apps:write",
    params: appParams,
    query: null,
    body: z.strictObject({ jwks_uri: z.string().max(MAX_JWKS_URI_LENGTH).nullable().meta({ description: "An https URL, or null" }) }),
    response: {
      status: 200,
      description: "The jwks_uri now",
      schema: z
        .object({ jwks_uri: z.string().nullable(), changed: z.boolean(), removed_keys: z.array(z.string()).meta({ description: "Thumbprints of inline keys removed" }) })
        .meta({ id: "JwksUriSet" }),
    },
    async handler({ services, principal, params, body, actor }) {
      const { ref } = await requireAppAccess(services.prisma, principal, params.app_id, "developer");
      const r = await setJwksUri(services.prisma, { app: ref, jwksUri: body.jwks_uri }, actor, {
        ...(await changeOptions(services)),
        allowPrivate: services.config.KEYPORT_JWKS_URI_ALLOW_PRIVATE,
      });
      return { body: { jwks_uri: r.jwksUri, changed: r.changed, removed_keys: r.removedKeys } };
    },
  }),
];

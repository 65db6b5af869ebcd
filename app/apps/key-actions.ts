"use server";
// Team developers' actions on a private_key_jwt application's public keys, and the "require
// DPoP" switch. Each: authenticate → validate with zod → authorize through the team
// (lib/teams/authorize.ts: not in the app's team → not_found, a viewer → forbidden) → one domain
// function with the AppRef that check returned → map. The domain functions audit the change in
// its transaction and email the team's admins and developers.
import { z } from "zod";
import { revalidatePath } from "next/cache";
import { getPrisma } from "@/lib/runtime";
import { getConfig } from "@/lib/config/env";
import { publicOrigin } from "@/lib/config/public-origin";
import { getMailer } from "@/lib/mail";
import { appIdSchema } from "@/lib/apps/app-schemas";
import { addClientKey } from "@/lib/client-keys/add-client-key";
import { removeClientKey } from "@/lib/client-keys/remove-client-key";
import { setJwksUri } from "@/lib/client-keys/set-jwks-uri";
import type { ClientKeyChangeOptions } from "@/lib/client-keys/queue-key-change-email";
import { setRequireDpop } from "@/lib/apps/set-require-dpop";
import { actorFromRequest, principalOf, requireUser } from "@/app/_lib/session";
import { requireAppAccess } from "@/lib/teams/authorize";
import { formError, type FormState } from "@/app/_lib/form-state";
import { previewClientKeys, previewJwksUri } from "@/lib/client-keys/preview-client-keys";
import { checkboxSchema, jwksUriTextSchema, publicKeysTextSchema, rsaAlgSchema } from "@/lib/apps/client-auth-schemas";
import { keyRowOf, type KeyRow } from "./key-table";

export type KeyPreviewState = { ok: true; keys: KeyRow[] } | { ok: false; errors: string[] };

/**
 * Parse pasted keys with the rules registration applies, saving nothing, so the owner sees what
 * would be registered. Signed-in owners only: a server action is callable by anyone who finds its
 * id, and key parsing is CPU work.
 */
export async function previewPublicKeysAction(text: unknown, rsaAlg: unknown): Promise<KeyPreviewState> {
  await requireUser();
  try {
    const input = z.object({ text: publicKeysTextSchema, rsaAlg: rsaAlgSchema }).parse({ text, rsaAlg: rsaAlg ?? undefined });
    const keys = await previewClientKeys(input.text, { rsaAlg: input.rsaAlg });
    return { ok: true, keys: keys.map((k) => keyRowOf(k)) };
  } catch (err) {
    const state = formError(err, "preview public keys");
    const errors = state.fieldErrors?.keys ?? state.fieldErrors?.text ?? (state.message ? [state.message] : ["Not a usable public key."]);
    return { ok: false, errors };
  }
}

export type JwksPreviewState = { ok: true; keys: KeyRow[]; skipped: string[] } | { ok: false; errors: string[] };

/**
 * Check a jwks_uri against the rule and fetch it once (lib/client-keys: timeout, size cap, public
 * addresses only unless KEYPORT_JWKS_URI_ALLOW_PRIVATE), saving nothing. Signed-in owners only:
 * it makes Keyport fetch a URL, so it must not be an open fetch proxy.
 */
export async function previewJwksUriAction(uri: unknown): Promise<JwksPreviewState> {
  await requireUser();
  try {
    const jwksUri = jwksUriTextSchema.parse(uri);
    const preview = await previewJwksUri(jwksUri, { allowPrivate: getConfig().KEYPORT_JWKS_URI_ALLOW_PRIVATE });
    // The skip reasons describe the owner's own document: shown to them, capped.
    return { ok: true, keys: preview.keys.map((k) => keyRowOf(k)), skipped: preview.skipped.slice(0, 5) };
  } catch (err) {
    const state = formError(err, "preview jwks_uri");
    return { ok: false, errors: state.fieldErrors?.jwksUri ?? (state.message ? [state.message] : ["Not a usable jwks_uri."]) };
  }
}

/** Mail and link settings of the key-change emails (queued in the change's transaction). */
async function keyChangeOptions(): Promise<ClientKeyChangeOptions> {
  const config = getConfig();
  return { secret: config.secret, baseUrl: publicOrigin(config), mailer: await getMailer() };
}

/** lib/client-keys reports key problems on its field "keys"; the forms call the paste box "publicKeys". */
function onPasteField(state: FormState): FormState {
  const { keys, ...rest } = state.fieldErrors ?? {};
  return keys ? { ...state, fieldErrors: { ...rest, publicKeys: keys } } : state;
}

export interface AddKeyState extends FormState {
  /** Thumbprints of the keys just added (also remounts the paste box empty). */
  added?: string;
}

export async function addClientKeyAction(_prev: AddKeyState, form: FormData): Promise<AddKeyState> {
  const user = await requireUser();
  try {
    const input = z
      .object({ appId: appIdSchema, publicKeys: publicKeysTextSchema, rsaAlg: rsaAlgSchema })
      .parse({ appId: form.get("appId"), publicKeys: form.get("publicKeys") ?? "", rsaAlg: form.get("rsaAlg") ?? undefined });
    const prisma = await getPrisma();
    const { ref } = await requireAppAccess(prisma, principalOf(user), input.appId, "developer");
    const result = await addClientKey(prisma, { app: ref, keys: input.publicKeys, rsaAlg: input.rsaAlg }, await actorFromRequest(user, "user"), await keyChangeOptions());
    revalidatePath(`/apps/${input.appId}`);
    const n = result.added.length;
    return { ok: true, message: `${n === 1 ? "Key" : `${n} keys`} added. ${n === 1 ? "It works" : "They work"} at the token endpoint now; the team's admins and developers were emailed.`, added: result.added.map((k) => k.thumbprint).join(",") };
  } catch (err) {
    return onPasteField(formError(err, "add client key"));
  }
}

export async function removeClientKeyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  try {
    const input = z.object({ appId: appIdSchema, keyId: z.string().trim().min(1).max(200) }).parse({ appId: form.get("appId"), keyId: form.get("keyId") });
    const prisma = await getPrisma();
    const { ref } = await requireAppAccess(prisma, principalOf(user), input.appId, "developer");
    await removeClientKey(prisma, { app: ref, key: input.keyId }, await actorFromRequest(user, "user"), await keyChangeOptions());
    revalidatePath(`/apps/${input.appId}`);
    return { ok: true, message: "Key removed. Assertions signed with it are refused from now on." };
  } catch (err) {
    return formError(err, "remove client key");
  }
}

export async function setJwksUriAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  try {
    const clear = form.get("clear") === "1";
    const input = z
      .object({ appId: appIdSchema, jwksUri: jwksUriTextSchema })
      .parse({ appId: form.get("appId"), jwksUri: clear ? "" : (form.get("jwksUri") ?? "") });
    const config = getConfig();
    const prisma = await getPrisma();
    const { ref } = await requireAppAccess(prisma, principalOf(user), input.appId, "developer");
    const result = await setJwksUri(
      prisma,
      { app: ref, jwksUri: clear ? null : input.jwksUri },
      await actorFromRequest(user, "user"),
      { ...(await keyChangeOptions()), allowPrivate: config.KEYPORT_JWKS_URI_ALLOW_PRIVATE },
    );
    revalidatePath(`/apps/${input.appId}`);
    if (!result.changed) return { ok: true, message: "Nothing changed." };
    if (result.jwksUri === null) return { ok: true, message: "The jwks_uri is no longer used. Add keys here for the application to authenticate." };
    const replaced = result.removedKeys.length ? ` ${result.removedKeys.length === 1 ? "The pasted key was" : `${result.removedKeys.length} pasted keys were`} removed.` : "";
    return { ok: true, message: `Keys are now fetched from the jwks_uri.${replaced}` };
  } catch (err) {
    return formError(err, "set jwks_uri");
  }
}

export async function setRequireDpopAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  try {
    const input = z.object({ appId: appIdSchema, requireDpop: checkboxSchema }).parse({ appId: form.get("appId"), requireDpop: form.get("requireDpop") });
    const prisma = await getPrisma();
    const { ref } = await requireAppAccess(prisma, principalOf(user), input.appId, "developer");
    const result = await setRequireDpop(prisma, ref, input.requireDpop, await actorFromRequest(user, "user"));
    revalidatePath(`/apps/${input.appId}`);
    return { ok: true, message: result.requireDpop ? "Saved: tokens must be DPoP-bound." : "Saved: Bearer tokens are allowed." };
  } catch (err) {
    return formError(err, "set require DPoP");
  }
}

"use server";
// Team members' actions on applications. Each: authenticate → validate with zod → authorize
// through the team (lib/teams/authorize.ts: not a member of the app's team → not_found, a role
// too weak → forbidden) → call one domain function with the AppRef that check returned (its
// queries re-check team and role) → map.
import { z } from "zod";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { getPrisma, getRuntime } from "@/lib/runtime";
import { limitAppRegistration, refundAppRegistration } from "@/lib/rate-limit/limit-app-registration";
import { tryAgainIn } from "@/lib/rate-limit/retry-message";
import { getConfig } from "@/lib/config/env";
import { AlreadyRegisteredError, registerApp } from "@/lib/apps/register-app";
import { deleteApp } from "@/lib/apps/delete-app";
import { GRACE_PERIODS, appIdSchema } from "@/lib/apps/app-schemas";
import { rotateSecretAndNotify } from "@/lib/secrets/rotate-secret-and-notify";
import { revokeClientSecret } from "@/lib/secrets/revoke-client-secret";
import { getMailer, tokenEndpointUrl } from "@/lib/mail";
import { resendAppEmail } from "@/lib/mail/resend-app-email";
import { requireUser, actorFromRequest, principalOf } from "@/app/_lib/session";
import { requireAppAccess, requireTeamRole } from "@/lib/teams/authorize";
import { teamIdSchema } from "@/lib/teams/team-schemas";
import { publicOrigin } from "@/lib/config/public-origin";
import { formError, type FormState } from "@/app/_lib/form-state";
import { authMethodSchema, jwksUriTextSchema, keySourceSchema, publicKeysTextSchema, rsaAlgSchema } from "@/lib/apps/client-auth-schemas";
import { keyRowOf, type KeyRow } from "./key-table";

const graceSchema = z.enum(Object.keys(GRACE_PERIODS) as [keyof typeof GRACE_PERIODS, ...Array<keyof typeof GRACE_PERIODS>], {
  message: "Choose how long the current secret keeps working",
});

export interface RegisterState extends FormState {
  created?: {
    id: string;
    name: string;
    clientId: string;
    /** null: a private_key_jwt application, for which no secret exists. */
    clientSecret: string | null;
    status: "pending" | "active" | "disabled";
    pendingScopes: string[];
    scopes: string[];
    audience: string;
    tokenEndpoint: string;
    /** The credentials mail's delivery ("sent"/"queued"); "none" when there is no secret to mail. */
    mailStatus: string;
    /** When the secret expires (ISO), null when it does not (or there is none). */
    secretExpiresAt: string | null;
    /** private_key_jwt: the registered inline keys, or where they are published. */
    keys: KeyRow[];
    jwksUri: string | null;
  };
  /** This form was submitted before (double click, retry): the app it created, without a secret. */
  alreadyRegistered?: { id: string; name: string };
}

/**
 * The form's authentication fields → registerApp's input. Only the chosen source is passed (a
 * pasted key or a jwks_uri), so registerApp's "exactly one of the two" holds by construction.
 */
function authMethodInput(form: FormData) {
  const parsed = z
    .object({ authMethod: authMethodSchema, keySource: keySourceSchema, publicKeys: publicKeysTextSchema, jwksUri: jwksUriTextSchema, rsaAlg: rsaAlgSchema })
    .parse({
      authMethod: form.get("authMethod") ?? undefined,
      keySource: form.get("keySource") ?? undefined,
      publicKeys: form.get("publicKeys") ?? "",
      jwksUri: form.get("jwksUri") ?? "",
      rsaAlg: form.get("rsaAlg") ?? undefined,
    });
  if (parsed.authMethod === "client_secret") return { input: { authMethod: "client_secret" as const }, keyField: "publicKeys" };
  return parsed.keySource === "jwks_uri"
    ? { input: { authMethod: "private_key_jwt" as const, jwksUri: parsed.jwksUri }, keyField: "jwksUri" }
    : { input: { authMethod: "private_key_jwt" as const, keys: parsed.publicKeys, rsaAlg: parsed.rsaAlg }, keyField: "publicKeys" };
}

/** registerApp reports key problems on "keys": show them next to the field the owner filled in. */
function onKeyField(state: RegisterState, keyField: string): RegisterState {
  const { keys, ...rest } = state.fieldErrors ?? {};
  return keys ? { ...state, fieldErrors: { ...rest, [keyField]: [...(rest[keyField] ?? []), ...keys] } } : state;
}

export async function registerAppAction(_prev: RegisterState, form: FormData): Promise<RegisterState> {
  const user = await requireUser("/apps/new");
  let keyField = "publicKeys";
  try {
    const auth = authMethodInput(form);
    keyField = auth.keyField;
    const prisma = await getPrisma();
    // Into one of the user's teams where they are at least a developer (default: their personal team).
    const teamChoice = teamIdSchema.safeParse(form.get("team"));
    const { ref: team } = await requireTeamRole(prisma, principalOf(user), teamChoice.success ? teamChoice.data : user.personalTeamId, "developer");
    // KEYPORT_LIMIT_REGISTER_PER_OWNER (lib/rate-limit): counted before the work, given back below
    // when nothing was registered.
    const { limits } = await getRuntime();
    const limited = await limitAppRegistration(limits, user.id);
    if (!limited.allowed) {
      return { ok: false, message: `You have registered too many applications recently. ${tryAgainIn(limited.retryAfterSeconds)}` };
    }
    const config = getConfig();
    const registered = await registerApp(
      prisma,
      {
        name: String(form.get("name") ?? ""),
        description: String(form.get("description") ?? ""),
        scopes: form.getAll("scopes").map(String),
        audience: String(form.get("audience") ?? "") || undefined,
        ownerId: user.id,
        team,
        registrationKey: String(form.get("registrationKey") ?? "") || undefined,
        ...auth.input,
      },
      await actorFromRequest(user, "user"),
      // Owners never pre-approve: privileged scopes make the app pending.
      {
        pepper: config.secret,
        defaultSecretTtl: config.KEYPORT_SECRET_TTL,
        defaultTokenLifetime: config.KEYPORT_TOKEN_TTL,
        preApproved: false,
        jwksUriPolicy: { allowPrivate: config.KEYPORT_JWKS_URI_ALLOW_PRIVATE },
        // Queued in the registration's transaction, delivered after commit (transactional outbox).
        credentialsMail: { mailer: await getMailer(), baseUrl: publicOrigin(config) },
      },
    ).catch(async (err: unknown) => {
      await refundAppRegistration(limits, user.id);
      throw err;
    });
    const baseUrl = publicOrigin(getConfig());
    revalidatePath("/apps");
    const { app } = registered;
    const created = {
      id: app.id,
      name: app.name,
      clientId: app.clientId,
      status: app.status,
      pendingScopes: registered.pendingScopes,
      scopes: app.scopes,
      audience: app.audiences[0] ?? "",
      tokenEndpoint: tokenEndpointUrl(baseUrl),
    };
    // RFC 7523 §2.2: a private_key_jwt client's credential is its own private key — no secret
    // exists, so there is nothing to show once or to mail. A secret goes back in this response
    // only: it is not stored, so a reload cannot show it.
    return registered.authMethod === "private_key_jwt"
      ? { ok: true, created: { ...created, clientSecret: null, mailStatus: "none", secretExpiresAt: null, keys: registered.keys.map(keyRowOf), jwksUri: registered.jwksUri } }
      : {
          ok: true,
          created: { ...created, clientSecret: registered.clientSecret, mailStatus: registered.mail?.status ?? "queued", secretExpiresAt: registered.secret.expiresAt?.toISOString() ?? null, keys: [], jwksUri: null },
        };
  } catch (err) {
    if (err instanceof AlreadyRegisteredError) {
      return { ok: false, message: err.message, alreadyRegistered: { id: err.app.id, name: err.app.name } };
    }
    return onKeyField(formError(err, "register application"), keyField);
  }
}

export interface RotateState extends FormState {
  rotated?: { clientSecret: string; hint: string; oldSecretsExpireAt: string | null; mailStatus: string; secretExpiresAt: string | null };
}

export async function rotateSecretAction(_prev: RotateState, form: FormData): Promise<RotateState> {
  const user = await requireUser();
  try {
    const input = z.object({ appId: appIdSchema, grace: graceSchema }).parse({ appId: form.get("appId"), grace: form.get("grace") });
    const prisma = await getPrisma();
    const { ref } = await requireAppAccess(prisma, principalOf(user), input.appId, "developer");
    // The new secret and the mail carrying it commit together (lib/secrets/rotate-secret-and-notify.ts).
    const rotated = await rotateSecretAndNotify(
      prisma,
      { ref, graceSeconds: GRACE_PERIODS[input.grace], notice: { kind: "rotated", rotatedBy: "owner" } },
      await actorFromRequest(user, "user"),
      { pepper: getConfig().secret, defaultSecretTtl: getConfig().KEYPORT_SECRET_TTL, baseUrl: publicOrigin(getConfig()), mailer: await getMailer() },
    );
    revalidatePath(`/apps/${input.appId}`);
    return {
      ok: true,
      rotated: {
        clientSecret: rotated.clientSecret,
        hint: rotated.secret.hint,
        oldSecretsExpireAt: rotated.oldSecretsExpireAt?.toISOString() ?? null,
        mailStatus: rotated.mail.status,
        secretExpiresAt: rotated.secret.expiresAt?.toISOString() ?? null,
      },
    };
  } catch (err) {
    return formError(err, "rotate secret");
  }
}

export async function revokeSecretAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  try {
    const input = z.object({ appId: appIdSchema, secretId: z.string().trim().min(1).max(100) }).parse({ appId: form.get("appId"), secretId: form.get("secretId") });
    const prisma = await getPrisma();
    const { ref } = await requireAppAccess(prisma, principalOf(user), input.appId, "developer");
    await revokeClientSecret(prisma, ref, input.secretId, await actorFromRequest(user, "user"));
    revalidatePath(`/apps/${input.appId}`);
    return { ok: true, message: "Secret revoked. It no longer works at the token endpoint." };
  } catch (err) {
    return formError(err, "revoke secret");
  }
}

export async function deleteAppAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  try {
    const input = z.object({ appId: appIdSchema, confirmName: z.string().max(200) }).parse({ appId: form.get("appId"), confirmName: form.get("confirmName") ?? "" });
    const prisma = await getPrisma();
    // Deleting an application is for the team's admins.
    const { ref } = await requireAppAccess(prisma, principalOf(user), input.appId, "admin");
    await deleteApp(prisma, ref, input.confirmName, await actorFromRequest(user, "user"));
  } catch (err) {
    return formError(err, "delete application");
  }
  revalidatePath("/apps");
  redirect("/apps?deleted=1");
}

export async function resendEmailAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  let outcome: string;
  let appId: string;
  try {
    const input = z
      .object({ appId: appIdSchema, messageId: z.string().trim().min(1).max(100), grace: graceSchema.default("now") })
      .parse({ appId: form.get("appId"), messageId: form.get("messageId"), grace: form.get("grace") ?? undefined });
    appId = input.appId;
    const prisma = await getPrisma();
    // A resent credentials mail carries a new secret: a developer's action, like a rotation.
    const { ref } = await requireAppAccess(prisma, principalOf(user), input.appId, "developer");
    const result = await resendAppEmail(prisma, ref, input.messageId, await actorFromRequest(user, "user"), {
      pepper: getConfig().secret,
      defaultSecretTtl: getConfig().KEYPORT_SECRET_TTL,
      baseUrl: publicOrigin(getConfig()),
      graceSeconds: GRACE_PERIODS[input.grace],
    });
    outcome = `${result.reissuedSecret ? "reissued" : "requeued"}-${result.status === "sent" ? "sent" : "queued"}`;
  } catch (err) {
    return formError(err, "resend email");
  }
  // The resent row changes state (and a credentials resend adds a new one): show the outcome on
  // the page itself rather than inside a form that the refresh replaces.
  redirect(`/apps/${encodeURIComponent(appId)}?resent=${outcome}#emails`);
}

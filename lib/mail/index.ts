// Keyport's mail API. Every function writes the message to the outbox (EmailMessage, body sealed),
// tries to deliver it at once, and leaves failures to the retry worker; none throws because a mail
// server is down. Each returns { id, status } of the outbox row.
//
//   sendSignInEmail({ to, url, expires })                                   — Auth.js magic link
//   sendCredentialsEmail({ app, recipients, clientSecret, secretExpiresAt, baseUrl })   — new app's credentials
//   sendSecretRotatedEmail({ app, recipients, clientSecret, secretExpiresAt, oldSecretsExpireAt, rotatedBy, baseUrl })
//   credentialsMail(…) / secretRotatedMail(…) — the same messages as NewMail (one per recipient),
//   for Mailer.enqueue(tx, …) inside the transaction that creates the secret (transactional
//   outbox), delivered after commit
//   sendAppApprovedEmail({ app, recipients, reason?, baseUrl })
//   sendAppDeniedEmail({ app, recipients, reason?, baseUrl })
//   sendAppDisabledEmail({ app, recipients, reason?, baseUrl })
//   sendAppEnabledEmail({ app, recipients, reason?, baseUrl })
//
// `app` is an AppSummary (lib/apps/app-view.ts) or anything with id, name, clientId (plus scopes /
// audiences / status for credential mails). `recipients` are the app's team's admins and
// developers (lib/mail/app-recipients.ts `appRecipients`): one message each, so each delivery is
// retried and reported on its own. `baseUrl` is the portal's public origin
// (lib/config/public-origin.ts, never a request header), used for links and the token endpoint URL.
// Without SMTP_URL mail lands in the dev outbox (/dev/outbox).
import { credentialsEmail } from "../../emails/credentials-email";
import { secretRotatedEmail } from "../../emails/secret-rotated-email";
import { appStatusEmail, type AppStatusChange } from "../../emails/app-status-email";
import { signInEmail } from "../../emails/sign-in-email";
import type { AppSummary } from "../apps/app-view";
import { getMailer } from "./process-mailer";
import type { NewMail, QueuedMail } from "./mailer";

export type { QueuedMail, OutboxRow } from "./mailer";
export { getMailer } from "./process-mailer";

export type MailApp = Pick<AppSummary, "id" | "name" | "clientId"> & {
  scopes?: string[];
  audiences?: string[];
  status?: AppSummary["status"];
};

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "");
}

export function appUrl(baseUrl: string, appId: string): string {
  return `${trimBase(baseUrl)}/apps/${encodeURIComponent(appId)}`;
}

export function tokenEndpointUrl(baseUrl: string): string {
  return `${trimBase(baseUrl)}/oauth/token`;
}

export async function sendSignInEmail(input: { to: string; url: string; expires: Date }): Promise<QueuedMail> {
  const host = new URL(input.url).host;
  const mail = signInEmail({ url: input.url, host, expires: input.expires });
  return (await getMailer()).send({ to: input.to, kind: "sign_in", ...mail });
}

/** One copy of `mail` per recipient (each its own outbox row). */
function toEach(recipients: readonly string[], mail: Omit<NewMail, "to">): NewMail[] {
  return recipients.map((to) => ({ ...mail, to }));
}

export interface CredentialsMailInput {
  app: MailApp;
  /** The app's team's admins and developers (appRecipients). */
  recipients: readonly string[];
  clientSecret: string;
  secretExpiresAt: Date | null;
  baseUrl: string;
  reason?: "issued" | "reissued";
}

/** The credentials mail of a new (or reissued) secret, one per recipient, ready for the outbox. */
export function credentialsMail(input: CredentialsMailInput): NewMail[] {
  const { app } = input;
  const mail = credentialsEmail({
    appName: app.name,
    appUrl: appUrl(input.baseUrl, app.id),
    clientId: app.clientId,
    clientSecret: input.clientSecret,
    scopes: app.scopes ?? [],
    audience: app.audiences?.[0] ?? "",
    tokenEndpoint: tokenEndpointUrl(input.baseUrl),
    secretExpiresAt: input.secretExpiresAt,
    status: app.status ?? "active",
    reason: input.reason ?? "issued",
  });
  return toEach(input.recipients, { kind: "credentials", applicationId: app.id, ...mail });
}

export async function sendCredentialsEmail(input: CredentialsMailInput): Promise<QueuedMail[]> {
  const mailer = await getMailer();
  return Promise.all(credentialsMail(input).map((m) => mailer.send(m)));
}

export interface SecretRotatedMailInput {
  app: MailApp;
  /** The app's team's admins and developers (appRecipients). */
  recipients: readonly string[];
  clientSecret: string;
  secretExpiresAt: Date | null;
  oldSecretsExpireAt: Date | null;
  rotatedBy: "owner" | "admin";
  /** The member who rotated (rotatedBy "owner"), named in the mail the rest of the team gets. */
  rotatedByEmail?: string | null;
  baseUrl: string;
}

/** The mail carrying a rotated secret, one per recipient, ready for the outbox. */
export function secretRotatedMail(input: SecretRotatedMailInput): NewMail[] {
  const { app } = input;
  const mail = secretRotatedEmail({
    appName: app.name,
    appUrl: appUrl(input.baseUrl, app.id),
    clientId: app.clientId,
    clientSecret: input.clientSecret,
    scopes: app.scopes ?? [],
    tokenEndpoint: tokenEndpointUrl(input.baseUrl),
    secretExpiresAt: input.secretExpiresAt,
    oldSecretsExpireAt: input.oldSecretsExpireAt,
    rotatedBy: input.rotatedBy,
    rotatedByEmail: input.rotatedByEmail,
  });
  return toEach(input.recipients, { kind: "secret_rotated", applicationId: app.id, ...mail });
}

export async function sendSecretRotatedEmail(input: SecretRotatedMailInput): Promise<QueuedMail[]> {
  const mailer = await getMailer();
  return Promise.all(secretRotatedMail(input).map((m) => mailer.send(m)));
}

export interface AppStatusMailInput {
  app: MailApp;
  /** The app's team's admins and developers (appRecipients). */
  recipients: readonly string[];
  reason?: string | null;
  baseUrl: string;
}

async function sendStatus(change: AppStatusChange, input: AppStatusMailInput): Promise<QueuedMail[]> {
  const { app } = input;
  const mail = appStatusEmail({ change, appName: app.name, appUrl: appUrl(input.baseUrl, app.id), clientId: app.clientId, reason: input.reason });
  const mailer = await getMailer();
  return Promise.all(toEach(input.recipients, { kind: `app_${change}`, applicationId: app.id, ...mail }).map((m) => mailer.send(m)));
}

export const sendAppApprovedEmail = (input: AppStatusMailInput) => sendStatus("approved", input);
export const sendAppDeniedEmail = (input: AppStatusMailInput) => sendStatus("denied", input);
export const sendAppDisabledEmail = (input: AppStatusMailInput) => sendStatus("disabled", input);
export const sendAppEnabledEmail = (input: AppStatusMailInput) => sendStatus("enabled", input);

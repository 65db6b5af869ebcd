// Keyport's mail API. Every function writes the message to the outbox (EmailMessage, body sealed),
// tries to deliver it at once, and leaves failures to the retry worker; none throws because a mail
// server is down. Each returns { id, status } of the outbox row.
//
//   sendSignInEmail({ to, url, expires })                                   — Auth.js magic link
//   sendCredentialsEmail({ app, clientSecret, secretExpiresAt, baseUrl })   — new app's credentials
//   sendSecretRotatedEmail({ app, clientSecret, secretExpiresAt, oldSecretsExpireAt, rotatedBy, baseUrl })
//   credentialsMail(…) / secretRotatedMail(…) — the same messages as NewMail, for Mailer.enqueue(tx, …)
//   inside the transaction that creates the secret (transactional outbox), delivered after commit
//   sendAppApprovedEmail({ app, reason?, baseUrl })
//   sendAppDeniedEmail({ app, reason?, baseUrl })
//   sendAppDisabledEmail({ app, reason?, baseUrl })
//   sendAppEnabledEmail({ app, reason?, baseUrl })
//
// `app` is an AppSummary (lib/apps/app-view.ts) or anything with id, name, clientId, owner.email
// (plus scopes / audiences / status for credential mails). `baseUrl` is the portal's public
// origin (lib/config/public-origin.ts, never a request header), used for links and the token endpoint URL.
// Mail goes to the application's owner. Without SMTP_URL it lands in the dev outbox (/dev/outbox).
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
  owner: { email: string };
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

export interface CredentialsMailInput {
  app: MailApp;
  clientSecret: string;
  secretExpiresAt: Date | null;
  baseUrl: string;
  reason?: "issued" | "reissued";
}

/** The credentials mail of a new (or reissued) secret, ready for the outbox. */
export function credentialsMail(input: CredentialsMailInput): NewMail {
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
  return { to: app.owner.email, kind: "credentials", applicationId: app.id, ...mail };
}

export async function sendCredentialsEmail(input: CredentialsMailInput): Promise<QueuedMail> {
  return (await getMailer()).send(credentialsMail(input));
}

export interface SecretRotatedMailInput {
  app: MailApp;
  clientSecret: string;
  secretExpiresAt: Date | null;
  oldSecretsExpireAt: Date | null;
  rotatedBy: "owner" | "admin";
  baseUrl: string;
}

/** The mail carrying a rotated secret, ready for the outbox. */
export function secretRotatedMail(input: SecretRotatedMailInput): NewMail {
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
  });
  return { to: app.owner.email, kind: "secret_rotated", applicationId: app.id, ...mail };
}

export async function sendSecretRotatedEmail(input: SecretRotatedMailInput): Promise<QueuedMail> {
  return (await getMailer()).send(secretRotatedMail(input));
}

async function sendStatus(change: AppStatusChange, input: { app: MailApp; reason?: string | null; baseUrl: string }): Promise<QueuedMail> {
  const { app } = input;
  const mail = appStatusEmail({ change, appName: app.name, appUrl: appUrl(input.baseUrl, app.id), clientId: app.clientId, reason: input.reason });
  return (await getMailer()).send({ to: app.owner.email, kind: `app_${change}`, applicationId: app.id, ...mail });
}

export const sendAppApprovedEmail = (input: { app: MailApp; reason?: string | null; baseUrl: string }) => sendStatus("approved", input);
export const sendAppDeniedEmail = (input: { app: MailApp; reason?: string | null; baseUrl: string }) => sendStatus("denied", input);
export const sendAppDisabledEmail = (input: { app: MailApp; reason?: string | null; baseUrl: string }) => sendStatus("disabled", input);
export const sendAppEnabledEmail = (input: { app: MailApp; reason?: string | null; baseUrl: string }) => sendStatus("enabled", input);

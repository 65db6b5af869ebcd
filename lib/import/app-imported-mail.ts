// The --notify mail of an application imported with its own secret (no secret in it), one per
// recipient (the team's admins and developers, as every mail about an app), for the transactional
// outbox (lib/mail/mailer.ts enqueueMany).
import { appImportedEmail } from "../../emails/app-imported-email";
import { appUrl, tokenEndpointUrl, type MailApp } from "../mail";
import type { NewMail } from "../mail/mailer";

export function appImportedMail(input: { app: MailApp; recipients: readonly string[]; secretHint: string; baseUrl: string }): NewMail[] {
  const { app } = input;
  const mail = appImportedEmail({
    appName: app.name,
    appUrl: appUrl(input.baseUrl, app.id),
    clientId: app.clientId,
    secretHint: input.secretHint,
    scopes: app.scopes ?? [],
    audience: app.audiences?.[0] ?? "",
    tokenEndpoint: tokenEndpointUrl(input.baseUrl),
  });
  return input.recipients.map((to) => ({ to, kind: "app_imported" as const, applicationId: app.id, ...mail }));
}

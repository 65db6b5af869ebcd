import { code, codeBlock, esc, facts, layout, notice, paragraph, button, type RenderedEmail } from "./layout";
import { curlCommand } from "./credentials-email";

export interface SecretRotatedEmailInput {
  appName: string;
  appUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  tokenEndpoint: string;
  secretExpiresAt: Date | null;
  /** When the previous secrets stop working (null: they already have). */
  oldSecretsExpireAt: Date | null;
  /** Who rotated: a member of the application's team ("owner") or an administrator. */
  rotatedBy: "owner" | "admin";
  /** The member's address, when a member rotated (the mail goes to every admin and developer). */
  rotatedByEmail?: string | null;
}

function utc(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function secretRotatedEmail(input: SecretRotatedEmailInput): RenderedEmail {
  const subject = `New client secret for ${input.appName}`;
  const who = input.rotatedBy === "admin" ? "An administrator rotated" : input.rotatedByEmail ? `${input.rotatedByEmail} rotated` : "A member of the team rotated";
  const old = input.oldSecretsExpireAt ? `The previous secret keeps working until ${utc(input.oldSecretsExpireAt)}.` : "The previous secret stopped working immediately.";
  const curl = curlCommand(input.tokenEndpoint, input.clientId, input.clientSecret, input.scopes);
  const html = layout(
    subject,
    paragraph(`${esc(who)} the client secret of <strong>${esc(input.appName)}</strong>. ${esc(old)}`) +
      facts([
        ["client_id", code(input.clientId)],
        ["New client_secret", code(input.clientSecret)],
        ["Secret expires", esc(input.secretExpiresAt ? utc(input.secretExpiresAt) : "Does not expire")],
        ["Token endpoint", code(input.tokenEndpoint)],
      ]) +
      notice("<strong>Store the secret in a secret manager</strong> and delete this email. It cannot be shown again.") +
      codeBlock(curl) +
      button(input.appUrl, "Open the application"),
  );
  const text = `${subject}

${who} the client secret of "${input.appName}". ${old}

client_id:         ${input.clientId}
New client_secret: ${input.clientSecret}
Secret expires:    ${input.secretExpiresAt ? utc(input.secretExpiresAt) : "Does not expire"}
Token endpoint:    ${input.tokenEndpoint}

Store the secret in a secret manager and delete this email. It cannot be shown again.

${curl}

Application: ${input.appUrl}
`;
  return { subject, html, text };
}

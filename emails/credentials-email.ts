import { code, codeBlock, esc, facts, layout, notice, paragraph, button, type RenderedEmail } from "./layout";

export interface CredentialsEmailInput {
  appName: string;
  appUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  audience: string;
  tokenEndpoint: string;
  /** When the secret stops working (null: it does not expire). */
  secretExpiresAt: Date | null;
  /** pending: the app waits for an admin's approval before tokens are issued. */
  status: "pending" | "active" | "disabled";
  /** "issued" for a new application, "reissued" when the owner asked for a resend. */
  reason: "issued" | "reissued";
}

/** The curl command every credentials view shows: HTTP Basic client authentication (RFC 6749 §2.3.1). */
export function curlCommand(tokenEndpoint: string, clientId: string, clientSecret: string, scopes: string[]): string {
  return [
    `curl -s -X POST '${tokenEndpoint}' \\`,
    `  -u '${clientId}:${clientSecret}' \\`,
    `  -d grant_type=client_credentials \\`,
    `  -d scope='${scopes.join(" ")}'`,
  ].join("\n");
}

export function credentialsEmail(input: CredentialsEmailInput): RenderedEmail {
  const curl = curlCommand(input.tokenEndpoint, input.clientId, input.clientSecret, input.scopes);
  const expiry = input.secretExpiresAt ? input.secretExpiresAt.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "Does not expire";
  const title = input.reason === "issued" ? `Credentials for ${input.appName}` : `New credentials for ${input.appName}`;
  const subject = title;
  const pending =
    input.status === "pending"
      ? notice("This application is <strong>pending approval</strong>: an administrator must approve its scopes before the token endpoint issues tokens. You will get an email when that happens.")
      : "";
  const reissued =
    input.reason === "reissued"
      ? paragraph("You asked for your credentials to be sent again. For your safety this is a <strong>new</strong> secret; the one in any earlier email no longer applies.")
      : "";
  const html = layout(
    title,
    paragraph(`Your application <strong>${esc(input.appName)}</strong> is registered. Here are its client credentials.`) +
      reissued +
      pending +
      facts([
        ["client_id", code(input.clientId)],
        ["client_secret", code(input.clientSecret)],
        ["Secret expires", esc(expiry)],
        ["Scopes", input.scopes.map(code).join(" ")],
        ["Audience", code(input.audience)],
        ["Token endpoint", code(input.tokenEndpoint)],
      ]) +
      notice("<strong>Store the secret in a secret manager</strong> (Vault, AWS Secrets Manager, your CI's secret store) and delete this email. Keyport keeps only a digest: nobody can show it to you again, but you can rotate it at any time.") +
      paragraph("Get an access token:") +
      codeBlock(curl) +
      button(input.appUrl, "Open the application"),
  );
  const text = `${title}

Your application "${input.appName}" is registered.
${input.reason === "reissued" ? "\nYou asked for your credentials to be sent again. This is a NEW secret; the one in any earlier email no longer applies.\n" : ""}${
    input.status === "pending" ? "\nPENDING APPROVAL: an administrator must approve its scopes before tokens are issued.\n" : ""
  }
client_id:      ${input.clientId}
client_secret:  ${input.clientSecret}
Secret expires: ${expiry}
Scopes:         ${input.scopes.join(" ")}
Audience:       ${input.audience}
Token endpoint: ${input.tokenEndpoint}

Store the secret in a secret manager and delete this email. Keyport keeps only a digest:
nobody can show it to you again, but you can rotate it at any time.

Get an access token:

${curl}

Application: ${input.appUrl}
`;
  return { subject, html, text };
}

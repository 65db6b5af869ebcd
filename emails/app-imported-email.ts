// The mail an owner gets (with `keyport apps import --notify`) for an application that was moved to
// Keyport with its existing credentials. It carries no secret: the owner already has it, and a
// secret is never sent twice. (An imported application whose secret Keyport generated gets the
// usual credentials mail instead.)
import { code, esc, facts, layout, notice, paragraph, button, type RenderedEmail } from "./layout";

export interface AppImportedEmailInput {
  appName: string;
  appUrl: string;
  clientId: string;
  /** Last characters of the imported secret ("" for a short one: a hint would give too much away). */
  secretHint: string;
  scopes: string[];
  audience: string;
  tokenEndpoint: string;
}

export function appImportedEmail(input: AppImportedEmailInput): RenderedEmail {
  const subject = `${input.appName} has moved to Keyport`;
  const html = layout(
    subject,
    paragraph(`Your application <strong>${esc(input.appName)}</strong> was imported into Keyport by an administrator. It keeps its client_id and its current client secret: only the token endpoint URL changes.`) +
      facts([
        ["client_id", code(input.clientId)],
        ["client_secret", input.secretHint ? `the one you already use (ending in ${code(input.secretHint)})` : "the one you already use"],
        ["Scopes", input.scopes.map(code).join(" ")],
        ["Audience", code(input.audience)],
        ["Token endpoint", code(input.tokenEndpoint)],
      ]) +
      notice("Keyport keeps only a digest of your secret. Sign in to see the application's usage, and rotate the secret once every client uses Keyport.") +
      button(input.appUrl, "Open the application"),
  );
  const text = `${subject}

Your application "${input.appName}" was imported into Keyport by an administrator. It keeps its
client_id and its current client secret: only the token endpoint URL changes.

client_id:      ${input.clientId}
client_secret:  the one you already use${input.secretHint ? ` (ending in ${input.secretHint})` : ""}
Scopes:         ${input.scopes.join(" ")}
Audience:       ${input.audience}
Token endpoint: ${input.tokenEndpoint}

Keyport keeps only a digest of your secret. Sign in to see the application's usage, and rotate
the secret once every client uses Keyport.

Application: ${input.appUrl}
`;
  return { subject, html, text };
}

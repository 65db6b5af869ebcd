// "A key was added / removed" — sent to the admins and developers of the team owning a
// private_key_jwt application whenever the set of keys that can authenticate as it changes (inline
// keys or the jwks_uri). Whoever did not make the change learns at once that someone else can now
// sign as their client.
import { code, esc, facts, layout, notice, paragraph, button, type RenderedEmail } from "./layout";

export type ClientKeyChange = "added" | "removed" | "jwks_uri_set" | "jwks_uri_cleared";

export interface ClientKeyChangedEmailInput {
  change: ClientKeyChange;
  appName: string;
  appUrl: string;
  clientId: string;
  /** The keys added or removed (empty for a jwks_uri change). */
  keys: Array<{ kid: string | null; alg: string; thumbprint: string }>;
  /** The new jwks_uri (jwks_uri_set), or the previous one (jwks_uri_cleared). */
  jwksUri?: string | null;
  /** Who made the change: a member of the team ("owner"), an administrator, or the command line. */
  changedBy: "owner" | "admin" | "cli";
  at: Date;
}

const WHO = { owner: "A member of the team", admin: "An administrator", cli: "An operator (command line)" } as const;

function utc(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function clientKeyChangedEmail(input: ClientKeyChangedEmailInput): RenderedEmail {
  const n = input.keys.length;
  const subject =
    input.change === "added"
      ? `A key was added to ${input.appName}`
      : input.change === "removed"
        ? `A key was removed from ${input.appName}`
        : `The JWKS URL of ${input.appName} changed`;
  const who = WHO[input.changedBy];
  const what =
    input.change === "added"
      ? `${who} added ${n === 1 ? "a public key" : `${n} public keys`}: assertions signed with ${n === 1 ? "it" : "them"} now authenticate as this application.`
      : input.change === "removed"
        ? `${who} removed ${n === 1 ? "a public key" : `${n} public keys`}: assertions signed with ${n === 1 ? "it" : "them"} are refused from now on.`
        : input.change === "jwks_uri_set"
          ? `${who} set the JWKS URL: Keyport now trusts the keys published there.`
          : `${who} removed the JWKS URL: only keys registered in the portal authenticate this application.`;
  const rows: Array<[string, string]> = [
    ["client_id", code(input.clientId)],
    ["When", esc(utc(input.at))],
  ];
  if (input.jwksUri) rows.push(["JWKS URL", code(input.jwksUri)]);
  const keyRows = input.keys.map((k) => `${k.alg}  ${k.kid ? `kid ${k.kid}  ` : ""}thumbprint ${k.thumbprint}`);
  const html = layout(
    subject,
    paragraph(`<strong>${esc(input.appName)}</strong>: ${esc(what)}`) +
      facts(rows) +
      (keyRows.length ? facts(input.keys.map((k, i) => [`Key ${i + 1}`, `${esc(k.alg)} ${k.kid ? `kid ${code(k.kid)} ` : ""}${code(k.thumbprint)}`])) : "") +
      notice("If you did not expect this change, open the application, remove keys you do not recognise, and tell your Keyport administrators.") +
      button(input.appUrl, "Open the application"),
  );
  const text = `${subject}

${input.appName}: ${what}

client_id: ${input.clientId}
When:      ${utc(input.at)}
${input.jwksUri ? `JWKS URL:  ${input.jwksUri}\n` : ""}${keyRows.map((r, i) => `Key ${i + 1}:     ${r}\n`).join("")}
If you did not expect this change, open the application, remove keys you do not recognise, and tell your Keyport administrators.

Application: ${input.appUrl}
`;
  return { subject, html, text };
}

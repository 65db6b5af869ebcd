// "A refresh token was used twice" — sent to the people of an application when a rotated refresh
// token comes back (RFC 9700 §4.14.2). Keyport has revoked the whole chain; the mail says what
// that means for the client and what to look at. Sent once per chain, however often it is replayed.
import { code, esc, facts, layout, notice, paragraph, button, type RenderedEmail } from "./layout";

export interface RefreshTokenReuseEmailInput {
  appName: string;
  appUrl: string;
  clientId: string;
  /** When the replay was detected. */
  at: Date;
  /** The source address of the replaying request (as Keyport sees it). */
  ip: string | null;
  /** Rotation generation of the replayed token (0: the one from the client-credentials grant). */
  generation: number;
}

function utc(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function refreshTokenReuseEmail(input: RefreshTokenReuseEmailInput): RenderedEmail {
  const subject = `A refresh token of ${input.appName} was used twice`;
  const what =
    "A refresh token that had already been exchanged was presented again. Refresh tokens are single-use, so either the client " +
    "sent the same token twice (for example a retry, or two instances sharing one token), or someone else holds a copy of it " +
    "together with the client's credentials.";
  const done =
    "Keyport revoked every refresh token of that chain, the newest included. Access tokens already issued stay valid until they " +
    "expire. The client gets a new chain with its next client_credentials request.";
  const advice =
    "If the client did not replay the token itself, assume its credentials leaked: rotate the client secret (or replace its key) and check where the tokens are stored.";
  const rows: Array<[string, string]> = [
    ["client_id", code(input.clientId)],
    ["Detected", esc(utc(input.at))],
    ["From address", input.ip ? code(input.ip) : "unknown"],
    ["Replayed token", esc(input.generation === 0 ? "the first of the chain" : `rotation ${input.generation}`)],
  ];
  const html = layout(
    subject,
    paragraph(`<strong>${esc(input.appName)}</strong>: ${esc(what)}`) +
      facts(rows) +
      paragraph(esc(done)) +
      notice(esc(advice)) +
      button(input.appUrl, "Open the application"),
  );
  const text = `${subject}

${input.appName}: ${what}

client_id:      ${input.clientId}
Detected:       ${utc(input.at)}
From address:   ${input.ip ?? "unknown"}
Replayed token: ${input.generation === 0 ? "the first of the chain" : `rotation ${input.generation}`}

${done}

${advice}

Application: ${input.appUrl}
`;
  return { subject, html, text };
}

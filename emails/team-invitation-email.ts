// "Join <team> on Keyport" — an invitation to a team. The link works once, until it expires, and
// only for someone signed in with the address it was sent to.
import { button, esc, facts, layout, paragraph, type RenderedEmail } from "./layout";

export interface TeamInvitationEmailInput {
  teamName: string;
  role: "admin" | "developer" | "viewer";
  /** Who invited: a member's address, or null (an administrator or an automation). */
  invitedBy: string | null;
  /** The acceptance page (carries the single-use token). */
  acceptUrl: string;
  expiresAt: Date;
}

const WHAT: Record<TeamInvitationEmailInput["role"], string> = {
  admin: "manage the team's members and applications",
  developer: "register applications, rotate and revoke their secrets and manage their keys",
  viewer: "see the team's applications",
};

function utc(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function teamInvitationEmail(input: TeamInvitationEmailInput): RenderedEmail {
  const subject = `Join ${input.teamName} on Keyport`;
  const who = input.invitedBy ? `${input.invitedBy} invited you` : "You are invited";
  const intro = `${who} to the team ${input.teamName} as ${input.role === "admin" ? "an" : "a"} ${input.role}: you will be able to ${WHAT[input.role]}.`;
  const html = layout(
    subject,
    paragraph(esc(intro)) +
      facts([
        ["Team", esc(input.teamName)],
        ["Role", esc(input.role)],
        ["Expires", esc(utc(input.expiresAt))],
      ]) +
      button(input.acceptUrl, "Accept the invitation") +
      paragraph("Sign in with this email address to accept; the link works once. If you did not expect this invitation, ignore this email."),
  );
  const text = `${subject}

${intro}

Accept (sign in with this email address; the link works once, until ${utc(input.expiresAt)}):

${input.acceptUrl}

If you did not expect this invitation, ignore this email.
`;
  return { subject, html, text };
}

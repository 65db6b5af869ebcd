import type { Metadata } from "next";
import Link from "next/link";
import { getPrisma } from "@/lib/runtime";
import { requireUser } from "@/app/_lib/session";
import { getInvitation } from "@/lib/teams/get-invitation";
import { Card } from "@/app/_components/card";
import { Notice } from "@/app/_components/notice";
import { SubmitButton } from "@/app/_components/submit-button";
import { formatDateTime } from "@/app/_components/format";
import { TeamActionForm } from "@/app/teams/team-action-form";
import { acceptInvitationAction } from "@/app/teams/actions";

export const metadata: Metadata = { title: "Team invitation", referrer: "no-referrer" };

// GET /invitations/:token — the link of an invitation mail. Signing in comes first (and brings the
// person back here); accepting is a POST of the form below, so a mail scanner that follows the
// link accepts nothing.
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await requireUser(`/invitations/${encodeURIComponent(token)}`);
  const invitation = await getInvitation(await getPrisma(), token);
  const problem = !invitation
    ? "This invitation link is not valid: it may have been revoked or replaced by a newer invitation."
    : invitation.state === "accepted"
      ? "This invitation has already been used."
      : invitation.state === "expired"
        ? "This invitation has expired. Ask a team admin to invite you again."
        : invitation.email !== user.email.toLowerCase()
          ? `This invitation was sent to another email address than the one you are signed in with (${user.email}). Sign out and sign in with that address to accept it.`
          : null;
  return (
    <div className="auth-card">
      {invitation && !problem ? (
        <Card title={`Join ${invitation.teamName}`} headingLevel={1} description={`You are invited as ${invitation.role === "admin" ? "an" : "a"} ${invitation.role}. The invitation expires ${formatDateTime(invitation.expiresAt)}.`}>
          <TeamActionForm action={acceptInvitationAction} label="Accept the invitation">
            <input type="hidden" name="token" value={token} />
            <div>
              <SubmitButton pendingLabel="Joining…">Accept and join {invitation.teamName}</SubmitButton>
            </div>
          </TeamActionForm>
        </Card>
      ) : (
        <Card title="Team invitation" headingLevel={1}>
          <Notice tone="error">{problem}</Notice>
          <p>
            <Link href="/teams">Your teams</Link>
          </p>
        </Card>
      )}
    </div>
  );
}

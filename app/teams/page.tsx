import type { Metadata } from "next";
import Link from "next/link";
import { getPrisma } from "@/lib/runtime";
import { requireUser } from "@/app/_lib/session";
import { listUserTeams } from "@/lib/teams/list-user-teams";
import { listInvitationsFor } from "@/lib/teams/list-invitations-for";
import { Card } from "@/app/_components/card";
import { Table } from "@/app/_components/table";
import { Notice } from "@/app/_components/notice";
import { Field } from "@/app/_components/field";
import { SubmitButton } from "@/app/_components/submit-button";
import { formatDateTime } from "@/app/_components/format";
import { TeamActionForm } from "./team-action-form";
import { createTeamAction } from "./actions";

export const metadata: Metadata = { title: "Teams" };

// GET /teams — the signed-in person's teams, invitations waiting for them, and a new team.
export default async function TeamsPage({ searchParams }: { searchParams: Promise<{ left?: string }> }) {
  const user = await requireUser("/teams");
  const { left } = await searchParams;
  const prisma = await getPrisma();
  const [teams, invitations] = await Promise.all([listUserTeams(prisma, user.id), listInvitationsFor(prisma, user.email)]);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Teams</h1>
          <p>Applications belong to teams. Admins manage members; developers register applications and manage their credentials; viewers can look.</p>
        </div>
      </div>
      <div className="stack">
        {left ? <Notice tone="success">You left the team.</Notice> : null}
        {invitations.length ? (
          <Notice tone="info" title={`You have ${invitations.length === 1 ? "an invitation" : `${invitations.length} invitations`}`}>
            <ul>
              {invitations.map((i) => (
                <li key={i.id}>
                  {i.teamName} as {i.role} (until {formatDateTime(i.expiresAt)})
                </li>
              ))}
            </ul>
            Open the link in the invitation email to accept.
          </Notice>
        ) : null}
        <Table caption="Your teams" stacked head={["Team", "Your role", "Members", "Applications"]}>
          {teams.map((t) => (
            <tr key={t.id} data-testid={`team-row-${t.slug}`}>
              <td data-label="Team">
                <div>
                  <Link href={`/teams/${encodeURIComponent(t.slug)}`}>{t.name}</Link>
                  <div className="mono muted small">
                    {t.slug}
                    {t.personal ? " · personal" : ""}
                  </div>
                </div>
              </td>
              <td data-label="Your role">{t.role}</td>
              <td data-label="Members">{t.members}</td>
              <td data-label="Applications">
                <Link href={`/apps?team=${encodeURIComponent(t.slug)}`}>{t.applications}</Link>
              </td>
            </tr>
          ))}
        </Table>
        <Card title="Create a team" description="You become its first admin. Invite others once it exists.">
          <TeamActionForm action={createTeamAction} label="Create a team">
            <Field id="team-name" label="Name" hint="For example “Payments platform”.">
              <input id="team-name" name="name" className="input" required maxLength={80} autoComplete="off" aria-describedby="team-name-hint" />
            </Field>
            <Field id="team-slug" label="Slug" hint="2–40 lower-case letters, digits and dashes. Token requests may name the team by it (organization=…).">
              <input id="team-slug" name="slug" className="input mono" required maxLength={40} pattern="[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))+" autoComplete="off" aria-describedby="team-slug-hint" />
            </Field>
            <div>
              <SubmitButton pendingLabel="Creating…">Create team</SubmitButton>
            </div>
          </TeamActionForm>
        </Card>
      </div>
    </>
  );
}

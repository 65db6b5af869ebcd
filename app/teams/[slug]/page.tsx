import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/runtime";
import { principalOf, requireUser } from "@/app/_lib/session";
import { requireTeamRole } from "@/lib/teams/authorize";
import { getTeam } from "@/lib/teams/get-team";
import { hasRole, TEAM_ROLES } from "@/lib/teams/team-roles";
import { toAppError } from "@/lib/errors/app-error";
import { Card } from "@/app/_components/card";
import { Table } from "@/app/_components/table";
import { Notice } from "@/app/_components/notice";
import { Field } from "@/app/_components/field";
import { StatusBadge } from "@/app/_components/status-badge";
import { SubmitButton } from "@/app/_components/submit-button";
import { ButtonLink } from "@/app/_components/button";
import { formatDate, formatDateTime } from "@/app/_components/format";
import { TeamActionForm } from "../team-action-form";
import { changeRoleAction, inviteMemberAction, leaveTeamAction, removeMemberAction, revokeInvitationAction } from "../actions";

export const metadata: Metadata = { title: "Team" };

// GET /teams/:slug — one team: members and their roles, invitations, applications. Members only
// (anyone else gets a 404); the controls are an admin's, and the actions check again.
export default async function TeamPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ created?: string; joined?: string; removed?: string; revoked?: string }> }) {
  const { slug } = await params;
  const { created, joined, removed, revoked } = await searchParams;
  const user = await requireUser(`/teams/${encodeURIComponent(slug)}`);
  const prisma = await getPrisma();
  const access = await requireTeamRole(prisma, principalOf(user), slug, "viewer").catch((err: unknown) => {
    if (toAppError(err)?.code === "not_found") notFound();
    throw err;
  });
  const team = await getTeam(prisma, access.ref);
  const isAdmin = hasRole(access.role, "admin");
  const canRegister = hasRole(access.role, "developer");
  const personal = team.personalUserId !== null;
  return (
    <>
      <div className="breadcrumb">
        <Link href="/teams">Teams</Link> /
      </div>
      <div className="page-head">
        <div>
          <h1>{team.name}</h1>
          <p>
            <span className="mono">{team.slug}</span>
            {personal ? " · personal team" : ""} · your role: <strong data-testid="my-role">{access.role}</strong>
          </p>
        </div>
        {canRegister ? <ButtonLink href={`/apps/new?team=${encodeURIComponent(team.slug)}`}>Register an application</ButtonLink> : null}
      </div>
      <div className="stack">
        {created ? <Notice tone="success">Team created. Invite the people who should manage its applications.</Notice> : null}
        {joined ? <Notice tone="success">Welcome to {team.name}.</Notice> : null}
        {removed ? <Notice tone="success">The member was removed. Their access ended with their next request.</Notice> : null}
        {revoked ? <Notice tone="success">The invitation was revoked: its link no longer works.</Notice> : null}

        <Card title="Members" description="Admins manage members and may delete applications; developers register applications, rotate and revoke secrets and manage keys; viewers only read.">
          <Table caption="Members" stacked head={isAdmin ? ["Member", "Role", "Since", "Change role", "Remove"] : ["Member", "Role", "Since"]}>
            {team.members.map((m) => {
              const owner = team.personalUserId === m.userId;
              return (
                <tr key={m.userId} data-testid={`member-${m.email}`}>
                  <td data-label="Member">
                    {m.email}
                    {m.userId === user.id ? <span className="muted small"> (you)</span> : null}
                    {owner ? <span className="muted small"> · owner</span> : null}
                  </td>
                  <td data-label="Role" className="team-role">{m.role}</td>
                  <td data-label="Since">{formatDate(m.since)}</td>
                  {isAdmin ? (
                    <>
                      <td data-label="Change role">
                        {owner ? (
                          <span className="muted small">Stays admin</span>
                        ) : (
                          <TeamActionForm action={changeRoleAction} label={`Change the role of ${m.email}`} className="role-form">
                            <input type="hidden" name="teamId" value={team.id} />
                            <input type="hidden" name="userId" value={m.userId} />
                            <label className="sr-only" htmlFor={`role-${m.userId}`}>
                              Role of {m.email}
                            </label>
                            <select id={`role-${m.userId}`} name="role" className="select" defaultValue={m.role}>
                              {TEAM_ROLES.map((r) => (
                                <option key={r} value={r}>
                                  {r}
                                </option>
                              ))}
                            </select>
                            <SubmitButton size="sm" variant="secondary" pendingLabel="Saving…">
                              <span>
                                Save<span className="sr-only"> role of {m.email}</span>
                              </span>
                            </SubmitButton>
                          </TeamActionForm>
                        )}
                      </td>
                      <td data-label="Remove">
                        {owner || m.userId === user.id ? null : (
                          <TeamActionForm action={removeMemberAction} label={`Remove ${m.email}`} className="role-form" confirm={`Remove ${m.email} from ${team.name}? They lose access at once.`}>
                            <input type="hidden" name="teamId" value={team.id} />
                            <input type="hidden" name="userId" value={m.userId} />
                            <SubmitButton size="sm" variant="danger" pendingLabel="Removing…">
                              <span>
                                Remove<span className="sr-only"> {m.email}</span>
                              </span>
                            </SubmitButton>
                          </TeamActionForm>
                        )}
                      </td>
                    </>
                  ) : null}
                </tr>
              );
            })}
          </Table>
        </Card>

        {isAdmin ? (
          <Card id="invite" title="Invite a member" description="They get an email with a link that works once, for 7 days, signed in with that address.">
            <TeamActionForm action={inviteMemberAction} label="Invite a member">
              <input type="hidden" name="teamId" value={team.id} />
              <div className="grid-2">
                <Field id="invite-email" label="Email">
                  <input id="invite-email" name="email" type="email" className="input" required autoComplete="off" />
                </Field>
                <Field id="invite-role" label="Role">
                  <select id="invite-role" name="role" className="select" defaultValue="developer">
                    {TEAM_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </Field>
              </div>
              <div>
                <SubmitButton pendingLabel="Inviting…">Send invitation</SubmitButton>
              </div>
            </TeamActionForm>
            {team.invitations.length ? (
              <div className="stack" style={{ marginTop: 16 }}>
                <h3>Pending invitations</h3>
                <Table caption="Pending invitations" head={["Email", "Role", "Invited", "Expires", "Revoke"]}>
                  {team.invitations.map((i) => (
                    <tr key={i.id} data-testid={`invitation-${i.email}`}>
                      <td>{i.email}</td>
                      <td className="team-role">{i.role}</td>
                      <td>
                        {formatDateTime(i.createdAt)}
                        {i.invitedBy ? <div className="muted small">by {i.invitedBy}</div> : null}
                      </td>
                      <td>{formatDateTime(i.expiresAt)}</td>
                      <td>
                        <TeamActionForm action={revokeInvitationAction} label={`Revoke the invitation for ${i.email}`} className="role-form">
                          <input type="hidden" name="teamId" value={team.id} />
                          <input type="hidden" name="invitationId" value={i.id} />
                          <SubmitButton size="sm" variant="secondary" pendingLabel="Revoking…">
                            <span>
                              Revoke<span className="sr-only"> invitation for {i.email}</span>
                            </span>
                          </SubmitButton>
                        </TeamActionForm>
                      </td>
                    </tr>
                  ))}
                </Table>
              </div>
            ) : null}
          </Card>
        ) : null}

        <Card title="Applications" actions={<Link href={`/apps?team=${encodeURIComponent(team.slug)}`}>In My apps →</Link>}>
          {team.applications.length === 0 ? (
            <p className="muted">No applications yet.</p>
          ) : (
            <Table caption="Applications of the team" stacked head={["Name", "Status", "Created"]}>
              {team.applications.map((a) => (
                <tr key={a.id}>
                  <td data-label="Name">
                    <div>
                      <Link href={`/apps/${a.id}`}>{a.name}</Link>
                      <div className="mono muted small">{a.clientId}</div>
                    </div>
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={a.status} />
                  </td>
                  <td data-label="Created">{formatDate(a.createdAt)}</td>
                </tr>
              ))}
            </Table>
          )}
          {team.moreApplications ? <p className="muted small">And {team.moreApplications} more.</p> : null}
        </Card>

        <Card title="Use in token requests">
          <p>
            An application of this team may send <code className="mono">organization={team.slug}</code> (or its id) with a token request; the token then carries{" "}
            <code className="mono">org_id</code> <code className="mono" data-testid="team-id">{team.id}</code> and <code className="mono">org_name</code>.
          </p>
        </Card>

        {personal && team.personalUserId === user.id ? null : (
          <Card title="Leave the team" tone="danger" description="You lose access to its applications at once. The last admin cannot leave.">
            <TeamActionForm action={leaveTeamAction} label="Leave the team" confirm={`Leave ${team.name}? You lose access to its applications.`}>
              <input type="hidden" name="teamId" value={team.id} />
              <div>
                <SubmitButton variant="danger" pendingLabel="Leaving…">
                  Leave {team.name}
                </SubmitButton>
              </div>
            </TeamActionForm>
          </Card>
        )}
      </div>
    </>
  );
}

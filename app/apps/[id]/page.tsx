import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/runtime";
import { getApp, type AppDetails } from "@/lib/apps/get-app";
import { secretState } from "@/lib/apps/app-view";
import { AppError } from "@/lib/errors/app-error";
import { getAppUsage } from "@/lib/usage/get-app-usage";
import { listAppEmails } from "@/lib/mail/list-app-emails";
import { SECRET_BEARING_KINDS, type MailKind } from "@/lib/mail/mailer";
import { tokenEndpointUrl } from "@/lib/mail";
import { principalOf, requireUser, type SessionUser } from "@/app/_lib/session";
import { requireAppAccess } from "@/lib/teams/authorize";
import { hasRole, type TeamRole } from "@/lib/teams/team-roles";
import type { AppRef } from "@/lib/apps/app-ref";
import { publicOrigin } from "@/lib/config/public-origin";
import { getConfig } from "@/lib/config/env";
import { describeDuration, describeSecretPolicy } from "@/lib/secrets/secret-lifetime";
import { Card } from "@/app/_components/card";
import { CopyButton } from "@/app/_components/copy-button";
import { StatusBadge } from "@/app/_components/status-badge";
import { Notice } from "@/app/_components/notice";
import { Table } from "@/app/_components/table";
import { BarChart } from "@/app/_components/bar-chart";
import { formatDateTime, formatRelative } from "@/app/_components/format";
import { curlAssertionSnippet, curlSnippet, nodeAssertionSnippet, nodeSnippet, pythonAssertionSnippet, pythonSnippet } from "../snippets";
import { listClientKeys } from "@/lib/client-keys/list-client-keys";
import { ClientKeysCard } from "./client-keys-card";
import { RequireDpopForm } from "./require-dpop-form";
import { RotateSecretForm } from "./rotate-secret-form";
import { RevokeSecretButton } from "./revoke-secret-button";
import { DeleteAppForm } from "./delete-app-form";
import { ResendEmailForm } from "./resend-email-form";
import { SnippetTabs } from "./snippet-tabs";
import { Tags } from "@/app/_components/tags";

export const metadata: Metadata = { title: "Application" };

/** The application if the user is in its team (any role); anyone else gets the 404 page. */
async function loadTeamApp(id: string, user: SessionUser): Promise<{ app: AppDetails; role: TeamRole; ref: AppRef }> {
  try {
    const prisma = await getPrisma();
    // Membership is read now, for this request: a member removed a moment ago gets the 404.
    const access = await requireAppAccess(prisma, principalOf(user), id, "viewer");
    return { app: await getApp(prisma, access.ref), role: access.role, ref: access.ref };
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
}

const RESENT: Record<string, string> = {
  "reissued-sent": "A new secret was issued and emailed to you. The team's other admins and developers got it too; the secret in the undelivered email was never sent.",
  "reissued-queued": "A new secret was issued; its email is queued and will be retried.",
  "requeued-sent": "Email sent.",
  "requeued-queued": "The email is queued again and will be retried.",
};

export default async function AppPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ resent?: string }> }) {
  const { id } = await params;
  const { resent } = await searchParams;
  const user = await requireUser(`/apps/${encodeURIComponent(id)}`);
  if (id.length > 100) notFound();
  const { app, role, ref } = await loadTeamApp(id, user);
  // What the role may do (the actions check again, so a hidden control is not the guard).
  const canDevelop = hasRole(role, "developer");
  const canAdmin = hasRole(role, "admin");
  const prisma = await getPrisma();
  const publicKeyApp = app.authMethod === "private_key_jwt";
  const [usage, emails, keyList] = await Promise.all([
    getAppUsage(prisma, app.id),
    listAppEmails(prisma, app.id),
    publicKeyApp ? listClientKeys(prisma, ref) : null,
  ]);
  const origin = publicOrigin(getConfig());
  const tokenEndpoint = tokenEndpointUrl(origin);
  const snippetInput = { tokenEndpoint, issuer: origin, clientId: app.clientId, scopes: app.scopes, audience: app.audiences[0] };
  const issued30 = usage.reduce((s, d) => s + d.issued, 0);
  const failed30 = usage.reduce((s, d) => s + d.failed, 0);
  const now = new Date();

  return (
    <>
      <div className="breadcrumb">
        <Link href="/apps">My applications</Link> /
      </div>
      <div className="page-head">
        <div>
          <h1>{app.name}</h1>
          {app.description ? <p>{app.description}</p> : null}
        </div>
        <StatusBadge status={app.status} />
      </div>

      <div className="stack">
        {app.status === "pending" ? (
          <Notice tone="info" title="Waiting for an administrator's approval">
            This application asked for scopes that need approval. Its credentials work once it is approved; you will get an email.
          </Notice>
        ) : null}
        {app.status === "disabled" ? (
          <Notice tone="error" title="This application is disabled">
            It cannot get tokens.{app.statusReason ? ` Reason: ${app.statusReason}` : ""}
          </Notice>
        ) : null}

        <div className="grid-2">
          <Card title="Details">
            <dl className="dl">
              <dt>Team</dt>
              <dd data-testid="app-team">
                <Link href={`/teams/${encodeURIComponent(app.team.slug)}`}>{app.team.name}</Link>
                <span className="muted small"> · your role: {role}</span>
              </dd>
              <dt>client_id</dt>
              <dd className="row">
                <code className="mono" data-testid="client-id">
                  {app.clientId}
                </code>
                <CopyButton value={app.clientId} label="Copy client_id" />
              </dd>
              <dt>Scopes</dt>
              <dd>
                <Tags values={app.scopes} />
              </dd>
              <dt>Audience</dt>
              <dd className="mono">{app.audiences[0] ?? "—"}</dd>
              <dt>Token lifetime</dt>
              <dd>{describeDuration(app.tokenLifetime)}</dd>
              <dt>Authentication</dt>
              <dd data-testid="auth-method">{publicKeyApp ? "Public key (private_key_jwt)" : "Client secret"}</dd>
              {publicKeyApp ? null : (
                <>
                  <dt>Secret policy</dt>
                  <dd data-testid="secret-policy">{describeSecretPolicy(app.secretTtlSeconds, getConfig().KEYPORT_SECRET_TTL)}</dd>
                </>
              )}
              <dt>DPoP</dt>
              <dd data-testid="require-dpop">{app.requireDpop ? "Required" : "Optional"}</dd>
              <dt>Created</dt>
              <dd>{formatDateTime(app.createdAt)}</dd>
              <dt>Last token</dt>
              <dd>{app.lastTokenAt ? `${formatRelative(app.lastTokenAt)} (${formatDateTime(app.lastTokenAt)})` : "No token issued yet"}</dd>
            </dl>
          </Card>
          <Card title="Token usage" description="Last 30 days, UTC. Counts update every few seconds." actions={<Link href={`/apps/${encodeURIComponent(app.id)}/requests`}>Token requests →</Link>}>
            <p>
              <strong data-testid="usage-30d">{issued30}</strong> tokens issued
              {failed30 ? (
                <>
                  , <strong>{failed30}</strong> failed requests
                </>
              ) : null}
            </p>
            <BarChart title="Tokens issued per day" data={usage.map((d) => ({ label: d.day.slice(5), value: d.issued, secondary: d.failed }))} />
          </Card>
        </div>

        {keyList ? <ClientKeysCard appId={app.id} keyList={keyList} readOnly={!canDevelop} /> : null}

        {publicKeyApp ? null : (
        <Card id="secrets" title="Client secrets" description="Keyport keeps only a digest; the last four characters tell secrets apart.">
          <div className="stack">
            <Table caption="Client secrets" stacked head={["Secret", "Created", "Expires", "Status", "Actions"]}>
              {app.secrets.map((s) => {
                const state = secretState(s, now);
                return (
                  <tr key={s.id} data-testid={`secret-${s.hint}`}>
                    <td className="mono" data-label="Secret">kps_…{s.hint}</td>
                    <td data-label="Created">{formatDateTime(s.createdAt)}</td>
                    <td data-label="Expires">{s.revokedAt ? "—" : s.expiresAt ? `${formatDateTime(s.expiresAt)}` : "Never"}</td>
                    <td data-label="Status">
                      <StatusBadge status={state} label={state === "expiring" ? `Expires ${formatRelative(s.expiresAt)}` : undefined} />
                    </td>
                    <td data-label="Actions">{canDevelop && (state === "active" || state === "expiring") ? <RevokeSecretButton appId={app.id} secretId={s.id} hint={s.hint} /> : null}</td>
                  </tr>
                );
              })}
            </Table>
            {canDevelop ? (
              <>
                <h3>Rotate the secret</h3>
                <p className="muted small">Issue a new secret and keep the current one working for a while, so you can redeploy without downtime.</p>
                <RotateSecretForm appId={app.id} clientId={app.clientId} tokenEndpoint={tokenEndpoint} scopes={app.scopes} />
              </>
            ) : (
              <p className="muted small" data-testid="read-only-note">
                You are a viewer in this team: a developer or admin can rotate and revoke its secrets.
              </p>
            )}
          </div>
        </Card>
        )}

        <Card id="dpop" title="Sender-constrained tokens (DPoP)">
          {canDevelop ? (
            <RequireDpopForm appId={app.id} requireDpop={app.requireDpop} />
          ) : (
            <p className="muted">{app.requireDpop ? "Every token must be DPoP-bound (RFC 9449)." : "DPoP-bound tokens are optional for this application."}</p>
          )}
        </Card>

        {publicKeyApp ? (
          <Card title="Use it" description="Sign a fresh, short-lived JWT with your private key for every token request (RFC 7523 §2.2). The private key never leaves your servers.">
            <SnippetTabs
              snippets={[
                { id: "node", label: "Node (jose)", code: nodeAssertionSnippet({ ...snippetInput, alg: keyList?.keys[0]?.alg, kid: keyList?.keys[0]?.kid }) },
                { id: "python", label: "Python (PyJWT)", code: pythonAssertionSnippet({ ...snippetInput, alg: keyList?.keys[0]?.alg, kid: keyList?.keys[0]?.kid }) },
                { id: "curl", label: "curl", code: curlAssertionSnippet(snippetInput) },
              ]}
            />
          </Card>
        ) : (
          <Card title="Use it" description="Read the secret from your environment or secret manager, never from source code.">
            <SnippetTabs
              snippets={[
                { id: "curl", label: "curl", code: curlSnippet(snippetInput) },
                { id: "node", label: "Node (openid-client)", code: nodeSnippet(snippetInput) },
                { id: "python", label: "Python (requests)", code: pythonSnippet(snippetInput) },
              ]}
            />
          </Card>
        )}

        <Card id="emails" title="Emails" description="What Keyport sent the team's admins and developers about this application.">
          {resent && RESENT[resent] ? (
            <div style={{ marginBottom: 12 }}>
              <Notice tone={resent.endsWith("sent") ? "success" : "warn"}>{RESENT[resent]}</Notice>
            </div>
          ) : null}
          {emails.length === 0 ? (
            <p className="muted">No emails yet.</p>
          ) : (
            <Table caption="Emails about this application" stacked head={["Email", "Sent to", "Status", "Actions"]}>
              {emails.map((m) => (
                <tr key={m.id} data-testid={`email-${m.kind}`}>
                  <td data-label="Email">
                    <div>
                      {m.subject}
                      <div className="muted small">{formatDateTime(m.createdAt)}</div>
                    </div>
                  </td>
                  <td data-label="Sent to">{m.to}</td>
                  <td data-label="Status">
                    <div>
                      <StatusBadge status={m.status} />
                      {m.status === "queued" && m.attempts > 0 ? <div className="muted small">Retry {formatRelative(m.nextAttemptAt)}</div> : null}
                      {m.lastError && m.status !== "sent" ? <div className="muted small">{m.lastError}</div> : null}
                    </div>
                  </td>
                  <td data-label="Actions">
                    {canDevelop && (m.status === "queued" || m.status === "failed") ? (
                      m.lastError === "Replaced by a new email with a new secret" ? null : (
                        <ResendEmailForm appId={app.id} messageId={m.id} carriesSecret={SECRET_BEARING_KINDS.has(m.kind as MailKind)} />
                      )
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Card>

        {canAdmin ? (
          <Card title="Delete this application" description="Its credentials stop working at once. This cannot be undone." tone="danger">
            <DeleteAppForm appId={app.id} name={app.name} />
          </Card>
        ) : null}
      </div>
    </>
  );
}

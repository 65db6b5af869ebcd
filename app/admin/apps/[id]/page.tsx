import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { getApp } from "@/lib/apps/get-app";
import { secretState } from "@/lib/apps/app-view";
import { queryAuditEvents } from "@/lib/audit/query-audit-events";
import { toAppError } from "@/lib/errors/app-error";
import { Card } from "@/app/_components/card";
import { Table } from "@/app/_components/table";
import { StatusBadge } from "@/app/_components/status-badge";
import { SubmitButton } from "@/app/_components/submit-button";
import { formatDateTime, formatRelative } from "@/app/_components/format";
import { AdminForm } from "../../_components/admin-form";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { FormFieldError } from "@/app/_components/form-context";
import { RefreshTokensCard } from "./refresh-tokens-card";
import { getRefreshTokenSettings } from "@/lib/apps/get-refresh-token-settings";
import { changeStatusAction, moveTeamAction, revokeSecretAction, rotateSecretAction, setSecretPolicyAction, setTokenLifetimeAction } from "./actions";
import { TOKEN_LIFETIME_MAX_S, TOKEN_LIFETIME_MIN_S } from "@/lib/apps/update-app";
import { describeDuration, describeSecretPolicy, formatDuration, SECRET_NEVER_EXPIRES } from "@/lib/secrets/secret-lifetime";
import { getConfig } from "@/lib/config/env";
import { Tags } from "@/app/_components/tags";
import { listClientKeys } from "@/lib/client-keys/list-client-keys";
import { KeyTable, keyRowOf } from "@/app/apps/key-table";

export const metadata: Metadata = { title: "Application" };
export const dynamic = "force-dynamic";

/** The policy as the form field writes it: "" (deployment default), "none" (never), "90d". */
function ttlText(s: number | null): string {
  if (s === null) return "";
  if (s === SECRET_NEVER_EXPIRES) return "none";
  return formatDuration(s);
}

// GET /admin/apps/:id — one application and everything an admin can do to it.
export default async function AdminAppPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  const prisma = await getPrisma();
  const app = await getApp(prisma, { id }).catch((err: unknown) => {
    if (toAppError(err)?.code === "not_found") notFound();
    throw err;
  });
  const publicKeyApp = app.authMethod === "private_key_jwt";
  const [audit, keyList, refreshSettings] = await Promise.all([
    queryAuditEvents(prisma, { app: app.id }, { pageSize: 10 }),
    publicKeyApp ? listClientKeys(prisma, { id: app.id }) : null,
    getRefreshTokenSettings(prisma, { id: app.id }),
  ]);
  const now = new Date();
  return (
    <div className="stack">
      <div>
        <p className="breadcrumb">
          <Link href="/admin/apps">Applications</Link> / {app.name}
        </p>
        <div className="page-head">
          <div>
            <h1>{app.name}</h1>
            <p>
              <span className="mono">{app.clientId}</span> · team{" "}
              <Link href={`/admin/teams/${encodeURIComponent(app.team.id)}`}>{app.team.name}</Link>
            </p>
          </div>
          <StatusBadge status={app.status} />
        </div>
      </div>

      <Card title="Details" actions={<Link href={`/admin/apps/${encodeURIComponent(app.id)}/requests`}>Token requests →</Link>}>
        <dl className="dl">
          <dt>client_id</dt>
          <dd className="mono" data-testid="client-id">
            {app.clientId}
          </dd>
          <dt>Team</dt>
          <dd data-testid="app-team">
            <Link href={`/admin/teams/${encodeURIComponent(app.team.id)}`}>{app.team.name}</Link> <span className="mono muted small">{app.team.slug}</span>
          </dd>
          <dt>Created by</dt>
          <dd>{app.owner.email}</dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={app.status} />
            {app.statusReason ? <span className="muted"> — {app.statusReason}</span> : null}
          </dd>
          <dt>Scopes</dt>
          <dd>
            <Tags values={app.scopes} />
          </dd>
          <dt>Audiences</dt>
          <dd>
            <Tags values={app.audiences} />
          </dd>
          <dt>Token lifetime</dt>
          <dd data-testid="token-lifetime">{describeDuration(app.tokenLifetime)}</dd>
          <dt>Secret expiry</dt>
          <dd data-testid="secret-policy">{describeSecretPolicy(app.secretTtlSeconds, getConfig().KEYPORT_SECRET_TTL)}</dd>
          <dt>Authentication</dt>
          <dd data-testid="auth-method">{publicKeyApp ? "private_key_jwt (public key)" : "client_secret"}</dd>
          <dt>DPoP</dt>
          <dd data-testid="require-dpop">{app.requireDpop ? "Required (Bearer requests refused)" : "Optional"}</dd>
          <dt>Created</dt>
          <dd>{formatDateTime(app.createdAt)}</dd>
          <dt>Last token</dt>
          <dd>{formatRelative(app.lastTokenAt, now)}</dd>
          {app.description ? (
            <>
              <dt>Description</dt>
              <dd>{app.description}</dd>
            </>
          ) : null}
        </dl>
      </Card>

      <div className="action-grid">
        <Card title="Team" description="The team owns the application: its members have access and its admins and developers get its emails.">
          <AdminForm action={moveTeamAction.bind(null, app.id)} label="Move to another team">
            <div className="field">
              <label htmlFor="move-team" className="field-label">
                Move to team (slug or id)
              </label>
              <input id="move-team" name="team" className="input mono" required maxLength={100} defaultValue={app.team.slug} autoComplete="off" />
            </div>
            <SubmitButton variant="secondary" pendingLabel="Moving…">
              Move application
            </SubmitButton>
          </AdminForm>
        </Card>
        {app.status === "pending" ? (
          <Card title="Review" description="Approval activates the application; the owner is emailed either way.">
            <AdminForm action={changeStatusAction.bind(null, app.id, "approve")} label="Approve">
              <div className="field">
                <label htmlFor="approve-reason" className="field-label">
                  Note to the owner (optional)
                </label>
                <input id="approve-reason" name="reason" className="input" maxLength={500} />
              </div>
              <SubmitButton pendingLabel="Approving…">Approve</SubmitButton>
            </AdminForm>
            <AdminForm action={changeStatusAction.bind(null, app.id, "deny")} label="Deny">
              <div className="field">
                <label htmlFor="deny-reason" className="field-label">
                  Reason for denying
                </label>
                <textarea id="deny-reason" name="reason" className="textarea" maxLength={500} required />
              </div>
              <SubmitButton variant="danger" pendingLabel="Denying…">
                Deny
              </SubmitButton>
            </AdminForm>
          </Card>
        ) : null}

        {app.status !== "disabled" ? (
          <Card title="Disable" tone="danger" description="From this moment the token endpoint refuses the application and its issued tokens introspect as inactive. The owner is emailed.">
            <AdminForm action={changeStatusAction.bind(null, app.id, "disable")} label="Disable application">
              <div className="field">
                <label htmlFor="disable-reason" className="field-label">
                  Reason (sent to the owner)
                </label>
                <input id="disable-reason" name="reason" className="input" maxLength={500} />
              </div>
              <ConfirmSubmit
                pendingLabel="Disabling…"
                title={`Disable ${app.name}?`}
                confirmLabel="Disable application"
                consequence={
                  <p>
                    The token endpoint refuses the application from this moment (invalid_client) and every token it holds introspects as inactive, so its
                    clients stop working until it is enabled again. The owner is emailed.
                  </p>
                }
              >
                Disable application
              </ConfirmSubmit>
            </AdminForm>
          </Card>
        ) : (
          <Card title="Enable" description="The application can get tokens again. The owner is emailed.">
            <AdminForm action={changeStatusAction.bind(null, app.id, "enable")} label="Enable application">
              <div className="field">
                <label htmlFor="enable-reason" className="field-label">
                  Note to the owner (optional)
                </label>
                <input id="enable-reason" name="reason" className="input" maxLength={500} />
              </div>
              <SubmitButton pendingLabel="Enabling…">Enable application</SubmitButton>
            </AdminForm>
          </Card>
        )}

        <Card title="Token lifetime" description="How long the access tokens issued to this application live. Applies to the next token, on every instance; tokens already issued keep their expiry.">
          <AdminForm action={setTokenLifetimeAction.bind(null, app.id)} label="Token lifetime">
            <div className="field">
              <label htmlFor="token-lifetime" className="field-label">
                Access-token lifetime (seconds)
              </label>
              <p id="token-lifetime-hint" className="field-hint">
                Between {TOKEN_LIFETIME_MIN_S} (1 minute) and {TOKEN_LIFETIME_MAX_S} (24 hours). The deployment default is {getConfig().KEYPORT_TOKEN_TTL}.
              </p>
              <input
                id="token-lifetime"
                name="tokenLifetime"
                className="input"
                type="number"
                inputMode="numeric"
                min={TOKEN_LIFETIME_MIN_S}
                max={TOKEN_LIFETIME_MAX_S}
                step={1}
                required
                defaultValue={app.tokenLifetime}
                aria-describedby="token-lifetime-hint"
              />
              <FormFieldError name="tokenLifetime" id="token-lifetime" />
            </div>
            <SubmitButton pendingLabel="Saving…" variant="secondary">
              Save token lifetime
            </SubmitButton>
          </AdminForm>
        </Card>

        <RefreshTokensCard appId={app.id} settings={refreshSettings} />

        {publicKeyApp ? null : (
        <>
        <Card title="Rotate secret" description="A new secret is emailed to the owner only; you never see it.">
          <AdminForm action={rotateSecretAction.bind(null, app.id)} label="Rotate secret">
            <div className="field">
              <label htmlFor="grace" className="field-label">
                Old secrets keep working for
              </label>
              <select id="grace" name="grace" className="select" defaultValue="24h">
                <option value="now">No grace: stop now</option>
                <option value="1h">1 hour</option>
                <option value="24h">24 hours</option>
                <option value="7d">7 days</option>
              </select>
            </div>
            <ConfirmSubmit
              variant="primary"
              pendingLabel="Rotating…"
              confirmIf={{ field: "grace", equals: "now" }}
              title="Rotate with no grace period?"
              confirmLabel="Rotate now"
              consequence={
                <p>
                  Every current secret of {app.name} stops working at once: its clients get invalid_client until the owner puts the new secret (emailed to
                  them only) in place.
                </p>
              }
            >
              Rotate and email owner
            </ConfirmSubmit>
          </AdminForm>
        </Card>

        <Card title="Secret expiry policy" description={`Applies to secrets issued from now on; existing secrets keep their expiry. ${describeSecretPolicy(app.secretTtlSeconds, getConfig().KEYPORT_SECRET_TTL)}`}>
          <AdminForm action={setSecretPolicyAction.bind(null, app.id)} label="Secret expiry policy">
            <div className="field">
              <label htmlFor="ttl" className="field-label">
                New secrets expire after
              </label>
              <p id="ttl-hint" className="field-hint">
                For example 72h or 90d (1 hour to 5 years), or none for secrets that never expire. Leave empty for the deployment default
                {getConfig().KEYPORT_SECRET_TTL ? ` (${describeDuration(getConfig().KEYPORT_SECRET_TTL!)}, KEYPORT_SECRET_TTL)` : " (no expiry)"}.
              </p>
              <input id="ttl" name="ttl" className="input" list="ttl-presets" defaultValue={ttlText(app.secretTtlSeconds)} aria-describedby="ttl-hint" placeholder="Deployment default" />
              <datalist id="ttl-presets">
                <option value="72h" />
                <option value="30d" />
                <option value="90d" />
                <option value="365d" />
                <option value="none" />
              </datalist>
            </div>
            <SubmitButton pendingLabel="Saving…" variant="secondary">
              Save policy
            </SubmitButton>
          </AdminForm>
        </Card>
        </>
        )}
      </div>

      {keyList ? (
        <Card id="keys" title="Public keys" description="The owner manages these keys in the portal. Keyport holds public keys only.">
          {keyList.jwksUri ? (
            <p>
              Fetched from the jwks_uri <code className="mono" data-testid="jwks-uri">{keyList.jwksUri}</code>
            </p>
          ) : keyList.keys.length === 0 ? (
            <p className="muted">No keys: the application cannot authenticate.</p>
          ) : (
            <KeyTable caption="Registered public keys" keys={keyList.keys.map(keyRowOf)} testId="registered-keys" />
          )}
        </Card>
      ) : null}

      {publicKeyApp ? null : (
      <Card title="Secrets" description="Only a hint of each secret is stored and shown.">
        <Table caption="Client secrets" stacked head={["Secret", "State", "Created", "Expires", "Revoked", "Actions"]}>
          {app.secrets.map((s) => {
            const state = secretState(s, now);
            return (
              <tr key={s.id}>
                <td className="mono">…{s.hint}</td>
                <td>
                  <StatusBadge status={state} />
                </td>
                <td className="nowrap">{formatDateTime(s.createdAt)}</td>
                <td className="nowrap">{formatDateTime(s.expiresAt)}</td>
                <td className="nowrap">{formatDateTime(s.revokedAt)}</td>
                <td>
                  {/* The form stays after the secret is revoked, so its outcome message stays visible. */}
                  <AdminForm action={revokeSecretAction.bind(null, app.id, s.id)} className="row" label={`Revoke secret ending ${s.hint}`}>
                    {state === "active" || state === "expiring" ? (
                      <ConfirmSubmit
                        size="sm"
                        pendingLabel="Revoking…"
                        title={`Revoke the secret ending in ${s.hint}?`}
                        confirmLabel="Revoke secret"
                        consequence={<p>Clients using it fail immediately with invalid_client. This cannot be undone.</p>}
                      >
                        Revoke
                      </ConfirmSubmit>
                    ) : null}
                  </AdminForm>
                </td>
              </tr>
            );
          })}
        </Table>
      </Card>
      )}

      <Card title="Recent activity" actions={<Link href={`/admin/audit?app=${encodeURIComponent(app.id)}`}>Full audit log →</Link>}>
        {audit.items.length === 0 ? (
          <p className="muted">No events.</p>
        ) : (
          <Table caption="Recent audit events" stacked head={["Time", "Actor", "Action", "IP"]}>
            {audit.items.map((e) => (
              <tr key={String(e.id)}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td>{e.actorEmail ?? e.actorId ?? e.actorType}</td>
                <td className="mono">{e.action}</td>
                <td className="mono">{e.ip ?? "—"}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}

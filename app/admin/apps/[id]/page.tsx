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
import { changeStatusAction, revokeSecretAction, rotateSecretAction, setSecretPolicyAction } from "./actions";
import { Tags } from "@/app/_components/tags";
import { listClientKeys } from "@/lib/client-keys/list-client-keys";
import { KeyTable, keyRowOf } from "@/app/apps/key-table";

export const metadata: Metadata = { title: "Application" };
export const dynamic = "force-dynamic";

function ttlText(s: number | null): string {
  if (!s) return "";
  if (s % 86_400 === 0) return `${s / 86_400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  return `${s}s`;
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
  const [audit, keyList] = await Promise.all([
    queryAuditEvents(prisma, { app: app.id }, { pageSize: 10 }),
    publicKeyApp ? listClientKeys(prisma, { id: app.id }) : null,
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
              <span className="mono">{app.clientId}</span> · owned by {app.owner.email}
            </p>
          </div>
          <StatusBadge status={app.status} />
        </div>
      </div>

      <Card title="Details">
        <dl className="dl">
          <dt>client_id</dt>
          <dd className="mono" data-testid="client-id">
            {app.clientId}
          </dd>
          <dt>Owner</dt>
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
          <dd>{Math.round(app.tokenLifetime / 60)} minutes</dd>
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
              <SubmitButton variant="danger" pendingLabel="Disabling…">
                Disable application
              </SubmitButton>
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
            <SubmitButton pendingLabel="Rotating…">Rotate and email owner</SubmitButton>
          </AdminForm>
        </Card>

        <Card title="Secret expiry policy" description="Applies to secrets issued from now on; existing secrets keep their expiry.">
          <AdminForm action={setSecretPolicyAction.bind(null, app.id)} label="Secret expiry policy">
            <div className="field">
              <label htmlFor="ttl" className="field-label">
                New secrets expire after
              </label>
              <p id="ttl-hint" className="field-hint">
                For example 72h or 90d. Leave empty for no expiry.
              </p>
              <input id="ttl" name="ttl" className="input" list="ttl-presets" defaultValue={ttlText(app.secretTtlSeconds)} aria-describedby="ttl-hint" placeholder="No expiry" />
              <datalist id="ttl-presets">
                <option value="72h" />
                <option value="30d" />
                <option value="90d" />
                <option value="365d" />
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
        <Table caption="Client secrets" head={["Secret", "State", "Created", "Expires", "Revoked", ""]}>
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
                      <SubmitButton size="sm" variant="danger" pendingLabel="Revoking…">
                        Revoke
                      </SubmitButton>
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
          <Table caption="Recent audit events" head={["Time", "Actor", "Action", "IP"]}>
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

import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { listAudiences } from "@/lib/audiences/list-audiences";
import { listAudienceGrants } from "@/lib/audiences/list-audience-grants";
import { listAudienceIntrospectors } from "@/lib/audiences/list-audience-introspectors";
import { Card } from "@/app/_components/card";
import { Table } from "@/app/_components/table";
import { StatusBadge } from "@/app/_components/status-badge";
import { SubmitButton } from "@/app/_components/submit-button";
import { formatDate } from "@/app/_components/format";
import { AdminForm } from "../_components/admin-form";
import { FormFieldError } from "@/app/_components/form-context";
import { GrantList } from "../_components/grant-list";
import { addIntrospectorAction, createAudienceAction, removeIntrospectorAction, restoreAudienceAction, retireAudienceAction, setDefaultAudienceAction, updateAudienceAction } from "./actions";

export const metadata: Metadata = { title: "Audiences" };
export const dynamic = "force-dynamic";

// GET /admin/audiences[?aud=identifier] — the API catalog (RFC 8707 resources → token `aud`).
export default async function AudiencesPage({ searchParams }: { searchParams: Promise<{ aud?: string }> }) {
  await requireAdmin();
  const { aud } = await searchParams;
  const prisma = await getPrisma();
  const audiences = await listAudiences(prisma);
  const selected = aud ? audiences.find((a) => a.identifier === aud) : undefined;
  const grants = selected ? await listAudienceGrants(prisma, selected.identifier) : null;
  const introspectors = selected ? await listAudienceIntrospectors(prisma, selected.identifier) : [];
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Audiences</h1>
          <p>The APIs tokens can be issued for. The default audience is given to new applications that name none.</p>
        </div>
      </div>

      {selected && grants ? (
        <Card title={<span className="mono">{selected.identifier}</span>} id="edit-audience" actions={<Link href="/admin/audiences">Close</Link>}>
          <div className="stack">
            <AdminForm action={updateAudienceAction.bind(null, selected.identifier)} className="form" label="Edit audience" key={`edit-${selected.identifier}`}>
              <div className="field">
                <label htmlFor="edit-aud-name" className="field-label">
                  Name
                </label>
                <input id="edit-aud-name" name="name" className="input" defaultValue={selected.name} maxLength={100} required />
                <FormFieldError name="name" id="edit-aud-name" />
              </div>
              <div className="field">
                <label htmlFor="edit-aud-description" className="field-label">
                  Description
                </label>
                <input id="edit-aud-description" name="description" className="input" defaultValue={selected.description} maxLength={300} />
                <FormFieldError name="description" id="edit-aud-description" />
              </div>
              <div className="form-actions">
                <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
              </div>
            </AdminForm>
            {!selected.isDefault && !selected.retiredAt ? (
              <AdminForm action={setDefaultAudienceAction.bind(null, selected.identifier)} label="Make default">
                <SubmitButton variant="secondary" pendingLabel="Saving…">
                  Make default
                </SubmitButton>
              </AdminForm>
            ) : null}
            <h3 id="introspectors">Resource servers allowed to introspect</h3>
            <p className="muted">
              Besides each token&apos;s own client, only these applications learn what a token for this audience carries at the introspection endpoint
              (RFC 7662); anyone else is told it is inactive.
            </p>
            {introspectors.length ? (
              <Table caption="Resource servers allowed to introspect" stacked head={["Application", "client_id", "Status", "Added", "Actions"]}>
                {introspectors.map((i) => (
                  <tr key={i.applicationId}>
                    <td>
                      <Link href={`/admin/apps/${encodeURIComponent(i.applicationId)}`}>{i.name}</Link>
                    </td>
                    <td className="mono break-anywhere">{i.clientId}</td>
                    <td>
                      <StatusBadge status={i.status} />
                    </td>
                    <td>{formatDate(i.addedAt)}</td>
                    <td>
                      <AdminForm action={removeIntrospectorAction.bind(null, selected.identifier, i.clientId)} label={`Remove ${i.clientId}`}>
                        <SubmitButton variant="secondary" size="sm" pendingLabel="Removing…">
                          Remove
                        </SubmitButton>
                      </AdminForm>
                    </td>
                  </tr>
                ))}
              </Table>
            ) : (
              <p className="muted">None yet.</p>
            )}
            <AdminForm action={addIntrospectorAction.bind(null, selected.identifier)} className="form" label="Add a resource server" key={`introspector-${selected.identifier}`}>
              <div className="field">
                <label htmlFor="introspector-client-id" className="field-label">
                  client_id of the resource server
                </label>
                <input id="introspector-client-id" name="clientId" className="input mono" required maxLength={128} autoComplete="off" />
                <FormFieldError name="clientId" id="introspector-client-id" />
              </div>
              <div className="form-actions">
                <SubmitButton variant="secondary" pendingLabel="Adding…">
                  Allow to introspect
                </SubmitButton>
              </div>
            </AdminForm>
            <h3>Existing grants</h3>
            <GrantList grants={grants} what="this audience" />
            {selected.retiredAt ? (
              <AdminForm action={restoreAudienceAction.bind(null, selected.identifier)} label="Restore audience">
                <p>Retired {formatDate(selected.retiredAt)}: it cannot be requested.</p>
                <SubmitButton variant="secondary" pendingLabel="Restoring…">
                  Restore audience
                </SubmitButton>
              </AdminForm>
            ) : selected.isDefault ? (
              <p className="muted">The default audience cannot be retired; make another audience the default first.</p>
            ) : (
              <AdminForm action={retireAudienceAction.bind(null, selected.identifier)} label="Retire audience">
                <input type="hidden" name="grantCount" value={grants.total} />
                <SubmitButton variant="danger" pendingLabel="Retiring…">
                  Retire audience ({grants.total} existing grant{grants.total === 1 ? "" : "s"})
                </SubmitButton>
              </AdminForm>
            )}
          </div>
        </Card>
      ) : aud ? (
        <p role="alert">No audience {aud}.</p>
      ) : null}

      <Card title="Catalog">
        <Table caption="Audiences" stacked head={["Identifier", "Name", "Status", "Grants", "Actions"]}>
          {audiences.map((a) => (
            <tr key={a.identifier}>
              <td className="mono">
                {a.identifier} {a.isDefault ? <span className="tag">default</span> : null}
              </td>
              <td>{a.name}</td>
              <td>{a.retiredAt ? <StatusBadge status="retired" /> : <StatusBadge status="active" label="Available" />}</td>
              <td>{a.grantCount}</td>
              <td>
                <Link href={`/admin/audiences?aud=${encodeURIComponent(a.identifier)}#edit-audience`}>Manage</Link>
              </td>
            </tr>
          ))}
        </Table>
      </Card>

      <Card title="Add an audience" description="An absolute URI, e.g. https://billing.example.com or urn:example:billing. It becomes the tokens' aud claim.">
        <AdminForm action={createAudienceAction} className="form" label="Add an audience">
          <div className="field">
            <label htmlFor="aud-identifier" className="field-label">
              Identifier
            </label>
            <input id="aud-identifier" name="identifier" className="input mono" required maxLength={500} autoComplete="off" />
            <FormFieldError name="identifier" id="aud-identifier" />
          </div>
          <div className="field">
            <label htmlFor="aud-name" className="field-label">
              Name
            </label>
            <input id="aud-name" name="name" className="input" required maxLength={100} />
            <FormFieldError name="name" id="aud-name" />
          </div>
          <div className="field">
            <label htmlFor="aud-description" className="field-label">
              Description
            </label>
            <input id="aud-description" name="description" className="input" maxLength={300} />
            <FormFieldError name="description" id="aud-description" />
          </div>
          <div className="form-actions">
            <SubmitButton pendingLabel="Adding…">Add audience</SubmitButton>
          </div>
        </AdminForm>
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { listScopes } from "@/lib/scopes/list-scopes";
import { listScopeGrants } from "@/lib/scopes/list-scope-grants";
import { Card } from "@/app/_components/card";
import { Table } from "@/app/_components/table";
import { StatusBadge } from "@/app/_components/status-badge";
import { SubmitButton } from "@/app/_components/submit-button";
import { formatDate } from "@/app/_components/format";
import { AdminForm } from "../_components/admin-form";
import { FormFieldError } from "@/app/_components/form-context";
import { GrantList } from "../_components/grant-list";
import { createScopeAction, restoreScopeAction, retireScopeAction, updateScopeAction } from "./actions";

export const metadata: Metadata = { title: "Scopes" };
export const dynamic = "force-dynamic";

// GET /admin/scopes[?scope=name] — the scope catalog; `scope` opens one for editing / retiring.
export default async function ScopesPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  await requireAdmin();
  const { scope: selectedName } = await searchParams;
  const prisma = await getPrisma();
  const scopes = await listScopes(prisma);
  const selected = selectedName ? scopes.find((s) => s.name === selectedName) : undefined;
  const grants = selected ? await listScopeGrants(prisma, selected.name) : null;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Scopes</h1>
          <p>What applications may ask for. A scope that needs approval puts new applications in the approval queue.</p>
        </div>
      </div>

      {selected && grants ? (
        <Card title={<span className="mono">{selected.name}</span>} id="edit-scope" actions={<Link href="/admin/scopes">Close</Link>}>
          <div className="stack">
            <AdminForm action={updateScopeAction.bind(null, selected.name)} className="form" label={`Edit ${selected.name}`} key={`edit-${selected.name}`}>
              <div className="field">
                <label htmlFor="edit-description" className="field-label">
                  Description
                </label>
                <input id="edit-description" name="description" className="input" defaultValue={selected.description} maxLength={300} required />
                <FormFieldError name="description" id="edit-description" />
              </div>
              <label className="row">
                <input type="checkbox" name="requiresApproval" defaultChecked={selected.requiresApproval} /> Needs an admin&apos;s approval
              </label>
              <div className="form-actions">
                <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
              </div>
            </AdminForm>
            <h3>Existing grants</h3>
            <GrantList grants={grants} what={`the scope ${selected.name}`} />
            {selected.retiredAt ? (
              <AdminForm action={restoreScopeAction.bind(null, selected.name)} label="Restore scope">
                <p>Retired {formatDate(selected.retiredAt)}: it cannot be requested.</p>
                <SubmitButton variant="secondary" pendingLabel="Restoring…">
                  Restore scope
                </SubmitButton>
              </AdminForm>
            ) : (
              <AdminForm action={retireScopeAction.bind(null, selected.name)} label="Retire scope">
                <input type="hidden" name="grantCount" value={grants.total} />
                <SubmitButton variant="danger" pendingLabel="Retiring…">
                  Retire scope ({grants.total} existing grant{grants.total === 1 ? "" : "s"})
                </SubmitButton>
              </AdminForm>
            )}
          </div>
        </Card>
      ) : selectedName ? (
        <p role="alert">No scope named {selectedName}.</p>
      ) : null}

      <Card title="Catalog">
        <Table caption="Scopes" stacked head={["Scope", "Description", "Approval", "Status", "Grants", "Actions"]}>
          {scopes.map((s) => (
            <tr key={s.name} data-scope={s.name}>
              <td className="mono">{s.name}</td>
              <td>{s.description}</td>
              <td>{s.requiresApproval ? <span className="tag tag-warn">needs approval</span> : "—"}</td>
              <td>{s.retiredAt ? <StatusBadge status="retired" /> : <StatusBadge status="active" label="Available" />}</td>
              <td>{s.grantCount}</td>
              <td>
                <Link href={`/admin/scopes?scope=${encodeURIComponent(s.name)}#edit-scope`}>Manage</Link>
              </td>
            </tr>
          ))}
        </Table>
      </Card>

      <Card title="Create a scope" description="Scope names are single tokens, e.g. reports.read (RFC 6749 §3.3).">
        <AdminForm action={createScopeAction} className="form" label="Create a scope">
          <div className="field">
            <label htmlFor="scope-name" className="field-label">
              Name
            </label>
            <input id="scope-name" name="name" className="input mono" required maxLength={100} autoComplete="off" />
            <FormFieldError name="name" id="scope-name" />
          </div>
          <div className="field">
            <label htmlFor="scope-description" className="field-label">
              Description (shown to owners)
            </label>
            <input id="scope-description" name="description" className="input" required maxLength={300} />
            <FormFieldError name="description" id="scope-description" />
          </div>
          <label className="row">
            <input type="checkbox" name="requiresApproval" /> Needs an admin&apos;s approval
          </label>
          <div className="form-actions">
            <SubmitButton pendingLabel="Creating…">Create scope</SubmitButton>
          </div>
        </AdminForm>
      </Card>
    </div>
  );
}

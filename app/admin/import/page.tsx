import type { Metadata } from "next";
import { requireAdmin } from "@/app/_lib/session";
import { Card } from "@/app/_components/card";
import { Table } from "@/app/_components/table";
import { IMPORT_FIELDS } from "@/lib/import/import-record";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import applications" };
export const dynamic = "force-dynamic";

const FIELD_HELP: Record<(typeof IMPORT_FIELDS)[number], string> = {
  name: "Required. The application's name.",
  owner: "Required. The owner's email; an owner without an account gets one (they sign in with an email link).",
  scopes: "Required. Scopes from the catalog: a JSON array, or space-separated.",
  audiences: "Optional. Audiences from the catalog, the first is the default; omitted: the default audience.",
  token_ttl: "Optional. Access-token lifetime in seconds (60–86400).",
  description: "Optional.",
  client_id: "Optional. The existing client_id: 1–100 characters of A–Z a–z 0–9 . _ ~ -. Omitted: generated.",
  client_secret:
    "Optional. The existing secret (8–512 characters), stored as a keyed digest, or with scrypt when under 32 characters. Omitted: generated and shown once after the import (or emailed with “Email the owners”).",
};

// GET /admin/import — import applications from another service: paste or upload JSON Lines or CSV,
// preview (the dry run), then import. The same import as `keyport apps import FILE`.
export default async function ImportPage() {
  await requireAdmin();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Import applications</h1>
          <p>
            Bring clients over from another client-credentials service with their client_id and secret: only the token endpoint URL changes for them.
            Imported applications are active at once. An import is all or nothing.
          </p>
        </div>
      </div>
      <Card title="Records">
        <ImportForm />
      </Card>
      <Card title="Format" description="JSON Lines (one JSON object per line) or CSV with a header row of the same field names. Secrets are never stored, logged or shown back.">
        <Table caption="Import fields" stacked head={["Field", "Meaning"]}>
          {IMPORT_FIELDS.map((f) => (
            <tr key={f}>
              <td className="mono import-field">{f}</td>
              <td>{FIELD_HELP[f]}</td>
            </tr>
          ))}
        </Table>
        <pre className="import-example" tabIndex={0}>
          <code>{`{"name":"Billing sync","owner":"alice@example.com","scopes":"application.client","client_id":"billing-prod","client_secret":"…"}

name,owner,scopes,client_id,client_secret
Billing sync,alice@example.com,application.client,billing-prod,…`}</code>
        </pre>
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { listSigningKeys } from "@/lib/keys/list-signing-keys";
import { Card } from "@/app/_components/card";
import { Table } from "@/app/_components/table";
import { StatusBadge } from "@/app/_components/status-badge";
import { SubmitButton } from "@/app/_components/submit-button";
import { formatDateTime, formatRelative } from "@/app/_components/format";
import { AdminForm } from "../_components/admin-form";
import { rotateSigningKeyAction } from "./actions";

export const metadata: Metadata = { title: "Signing keys" };
export const dynamic = "force-dynamic";

// GET /admin/keys — token signing keys and when retired ones leave the JWKS.
export default async function KeysPage() {
  await requireAdmin();
  const now = new Date();
  const keys = await listSigningKeys(await getPrisma(), now);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Signing keys</h1>
          <p>
            One key signs new access tokens. A retired key stays in <a href="/.well-known/jwks.json">the JWKS</a> until every token it signed has expired, so
            resource servers can still verify them.
          </p>
        </div>
      </div>
      <Card title="Rotate" description="Generates a new key and makes it current at once. The previous key is retired, not deleted.">
        <AdminForm action={rotateSigningKeyAction} label="Rotate signing key">
          <SubmitButton pendingLabel="Rotating…">Rotate signing key</SubmitButton>
        </AdminForm>
      </Card>
      <Card title="Keys">
        <Table caption="Signing keys" head={["kid", "Algorithm", "Status", "Created", "Activated", "Retired", "Leaves the JWKS"]}>
          {keys.map((k) => (
            <tr key={k.kid}>
              <td className="mono nowrap">{k.kid}</td>
              <td>{k.alg}</td>
              <td>
                <StatusBadge status={k.status} label={k.status === "active" ? "Active (signing)" : undefined} />
              </td>
              <td className="nowrap">{formatDateTime(k.createdAt)}</td>
              <td className="nowrap">{formatDateTime(k.activatedAt)}</td>
              <td className="nowrap">{formatDateTime(k.retiredAt)}</td>
              <td className="nowrap">
                {k.status === "active"
                  ? "— (current)"
                  : k.inJwks
                    ? `${formatDateTime(k.expiresAt)} (${formatRelative(k.expiresAt, now)})`
                    : `Left ${formatDateTime(k.expiresAt)}`}
              </td>
            </tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { listSigningKeys } from "@/lib/keys/list-signing-keys";
import { Card } from "@/app/_components/card";
import { Table } from "@/app/_components/table";
import { StatusBadge } from "@/app/_components/status-badge";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
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
          <ConfirmSubmit
            variant="primary"
            pendingLabel="Rotating…"
            title="Rotate the signing key now?"
            confirmLabel="Rotate signing key"
            consequence={
              <p>
                New tokens are signed at once with a new key (a new kid). Resource servers that fetch <code>/.well-known/jwks.json</code> pick it up; any that
                pinned the current key or cache the JWKS without refetching on an unknown kid reject the new tokens until they refresh. Tokens already issued
                stay valid: the old key stays in the JWKS until they expire.
              </p>
            }
          >
            Rotate signing key
          </ConfirmSubmit>
        </AdminForm>
      </Card>
      <Card title="Keys">
        <Table caption="Signing keys" stacked head={["kid", "Algorithm", "Status", "Created", "Activated", "Retired", "Leaves the JWKS"]}>
          {keys.map((k) => (
            <tr key={k.kid}>
              <td className="mono break-anywhere">{k.kid}</td>
              <td>{k.alg}</td>
              <td>
                <StatusBadge status={k.status} label={k.status === "active" ? "Active (signing)" : undefined} />
              </td>
              <td>{formatDateTime(k.createdAt)}</td>
              <td>{formatDateTime(k.activatedAt)}</td>
              <td>{formatDateTime(k.retiredAt)}</td>
              <td>
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

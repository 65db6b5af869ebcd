import Link from "next/link";
import type { GrantList as Grants } from "@/lib/scopes/list-scope-grants";
import { Table } from "@/app/_components/table";
import { StatusBadge } from "@/app/_components/status-badge";

/** Applications holding a scope or audience: reviewed before retiring it. */
export function GrantList({ grants, what }: { grants: Grants; what: string }) {
  if (grants.total === 0) return <p className="muted">No application holds {what}.</p>;
  return (
    <>
      <p>
        {grants.total} application{grants.total === 1 ? "" : "s"} hold{grants.total === 1 ? "s" : ""} {what}
        {grants.total > grants.apps.length ? ` (the newest ${grants.apps.length} are listed)` : ""}. Retiring does not remove existing grants.
      </p>
      <Table caption={`Applications holding ${what}`} head={["Application", "client_id", "Owner", "Status"]}>
        {grants.apps.map((a) => (
          <tr key={a.id}>
            <td>
              <Link href={`/admin/apps/${encodeURIComponent(a.id)}`}>{a.name}</Link>
            </td>
            <td className="mono nowrap">{a.clientId}</td>
            <td>{a.ownerEmail}</td>
            <td>
              <StatusBadge status={a.status} />
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

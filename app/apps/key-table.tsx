import type { ReactNode } from "react";
import { Table } from "@/app/_components/table";
import { formatDateTime } from "@/app/_components/format";
import type { ClientKeyPreview } from "@/lib/client-keys/validate-public-jwk";

/** What the portal shows of one public key: never more than the public JWK's identifying parts. */
export interface KeyRow {
  id?: string;
  kid: string | null;
  alg: string | null;
  /** "EC P-256", "RSA 2048", "OKP Ed25519". */
  keyType: string;
  /** RFC 7638 JWK thumbprint (SHA-256, base64url). */
  thumbprint: string;
  createdAt?: Date | string | null;
}

/** A parsed or stored key as a row: key type "EC P-256", "RSA", "OKP Ed25519". */
export function keyRowOf(k: Pick<ClientKeyPreview, "kid" | "alg" | "kty" | "crv" | "thumbprint"> & { id?: string; createdAt?: Date | null }): KeyRow {
  return { id: k.id, kid: k.kid, alg: k.alg, keyType: k.crv ? `${k.kty} ${k.crv}` : k.kty, thumbprint: k.thumbprint, createdAt: k.createdAt ?? null };
}

/** Parsed or registered public keys; `actions` renders a last cell per key (remove). */
export function KeyTable({ caption, keys, actions, testId }: { caption: string; keys: KeyRow[]; actions?: (key: KeyRow) => ReactNode; testId?: string }) {
  const withDates = keys.some((k) => k.createdAt);
  const head = ["kid", "alg", "Key type", "Thumbprint (RFC 7638)", ...(withDates ? ["Added"] : []), ...(actions ? ["Actions"] : [])];
  return (
    <div data-testid={testId}>
      <Table caption={caption} stacked head={head}>
        {keys.map((k) => (
          <tr key={k.thumbprint} data-testid={`key-${k.thumbprint}`}>
            <td className="mono">{k.kid ?? <span className="muted">none</span>}</td>
            <td className="mono">{k.alg ?? <span className="muted">any allowed</span>}</td>
            <td>{k.keyType}</td>
            <td className="mono thumbprint">{k.thumbprint}</td>
            {withDates ? <td>{k.createdAt ? formatDateTime(typeof k.createdAt === "string" ? new Date(k.createdAt) : k.createdAt) : "—"}</td> : null}
            {actions ? <td>{actions(k)}</td> : null}
          </tr>
        ))}
      </Table>
    </div>
  );
}

const LABELS: Record<string, string> = {
  active: "Active",
  pending: "Pending approval",
  disabled: "Disabled",
  expiring: "Expiring",
  expired: "Expired",
  revoked: "Revoked",
  queued: "Pending",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  retired: "Retired",
};

const TONES: Record<string, "ok" | "warn" | "bad" | "muted"> = {
  active: "ok",
  sent: "ok",
  pending: "warn",
  expiring: "warn",
  queued: "warn",
  sending: "warn",
  disabled: "bad",
  failed: "bad",
  expired: "muted",
  revoked: "muted",
  retired: "muted",
};

/** A status as text plus color (never color alone). */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  const tone = TONES[status] ?? "muted";
  return (
    <span className={`badge badge-${tone}`} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {label ?? LABELS[status] ?? status}
    </span>
  );
}

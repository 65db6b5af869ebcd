"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { href: "/admin", label: "Overview", exact: true },
  { href: "/admin/apps", label: "Applications" },
  { href: "/admin/import", label: "Import" },
  { href: "/admin/approvals", label: "Approvals" },
  { href: "/admin/teams", label: "Teams" },
  { href: "/admin/secrets", label: "Expiring secrets" },
  { href: "/admin/scopes", label: "Scopes" },
  { href: "/admin/audiences", label: "Audiences" },
  { href: "/admin/keys", label: "Signing keys" },
  { href: "/admin/profiles", label: "Profiles" },
  { href: "/admin/audit", label: "Audit log" },
];

export function AdminNav({ pendingApprovals }: { pendingApprovals: number }) {
  const path = usePathname();
  return (
    <nav aria-label="Admin" className="admin-nav">
      {SECTIONS.map((s) => {
        const current = s.exact ? path === s.href : path === s.href || path.startsWith(`${s.href}/`);
        return (
          <Link key={s.href} href={s.href} aria-current={current ? "page" : undefined}>
            {s.label}
            {s.href === "/admin/approvals" && pendingApprovals > 0 ? (
              <>
                <span className="admin-count" aria-hidden="true">
                  {pendingApprovals}
                </span>
                <span className="sr-only"> ({pendingApprovals} pending)</span>
              </>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}

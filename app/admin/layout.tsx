import type { ReactNode } from "react";
import type { Metadata } from "next";
import { requireAdmin } from "@/app/_lib/session";
import { getPrisma } from "@/lib/runtime";
import { countPendingApprovals } from "@/lib/admin/count-pending-approvals";
import { AdminNav } from "./_components/admin-nav";
import "./admin.css";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · Keyport" }, robots: { index: false } };
export const dynamic = "force-dynamic";

// The navigation is not the guard: every page, action and route below checks requireAdmin()
// itself (a layout does not run for server action POSTs or route handlers).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  const pending = await countPendingApprovals(await getPrisma());
  return (
    <div className="admin-shell">
      <AdminNav pendingApprovals={pending} />
      {children}
    </div>
  );
}

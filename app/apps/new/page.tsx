import type { Metadata } from "next";
import { randomBytes } from "node:crypto";
import Link from "next/link";
import { getPrisma } from "@/lib/runtime";
import { listRegistrationOptions } from "@/lib/catalog/list-registration-options";
import { requireUser } from "@/app/_lib/session";
import { NewAppForm } from "./new-app-form";

export const metadata: Metadata = { title: "Register an application" };

export default async function NewAppPage() {
  await requireUser("/apps/new");
  const options = await listRegistrationOptions(await getPrisma());
  return (
    <>
      <div className="breadcrumb">
        <Link href="/apps">My applications</Link> /
      </div>
      <div className="page-head">
        <div>
          <h1>Register an application</h1>
          <p>You get a client_id right away, and either a client_secret (on this page and by email) or nothing secret at all if your application signs with its own key.</p>
        </div>
      </div>
      {/* One key per rendering of the form: submitting it twice registers one app (lib/apps/register-app.ts). */}
      <NewAppForm options={options} registrationKey={randomBytes(18).toString("base64url")} />
    </>
  );
}

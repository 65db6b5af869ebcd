import type { Metadata } from "next";
import { randomBytes } from "node:crypto";
import Link from "next/link";
import { getPrisma } from "@/lib/runtime";
import { listRegistrationOptions } from "@/lib/catalog/list-registration-options";
import { requireUser } from "@/app/_lib/session";
import { listUserTeams } from "@/lib/teams/list-user-teams";
import { hasRole } from "@/lib/teams/team-roles";
import { NewAppForm } from "./new-app-form";
import { getConfig } from "@/lib/config/env";
import { pickDefaultScope } from "@/lib/catalog/pick-default-scope";

export const metadata: Metadata = { title: "Register an application" };

export default async function NewAppPage({ searchParams }: { searchParams: Promise<{ team?: string }> }) {
  const user = await requireUser("/apps/new");
  const { team } = await searchParams;
  const prisma = await getPrisma();
  const options = await listRegistrationOptions(prisma);
  // Teams where the user may register applications (developer or admin); the action checks again.
  const teams = (await listUserTeams(prisma, user.id)).filter((t) => hasRole(t.role, "developer"));
  const defaultTeam = teams.find((t) => t.slug === team)?.slug ?? teams.find((t) => t.personal)?.slug ?? teams[0]?.slug;
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
      <NewAppForm
        options={options}
        registrationKey={randomBytes(18).toString("base64url")}
        teams={teams.map((t) => ({ slug: t.slug, name: t.name, personal: t.personal }))}
        defaultTeam={defaultTeam}
        defaultScope={pickDefaultScope(options.scopes, getConfig().KEYPORT_DEFAULT_SCOPE)}
      />
    </>
  );
}

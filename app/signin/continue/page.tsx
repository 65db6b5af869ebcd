import { redirect } from "next/navigation";
import { requireUser } from "@/app/_lib/session";
import { landingPath } from "@/lib/auth/landing-path";
import { userHasApps } from "@/lib/apps/user-has-apps";
import { getPrisma } from "@/lib/runtime";

export const dynamic = "force-dynamic";

// GET /signin/continue — where a sign-in without a callbackUrl returns: admins go on to /admin,
// owners to /apps, or to /apps/new while they have no application (lib/auth/landing-path.ts).
// Renders nothing of its own.
export default async function ContinueAfterSignIn(): Promise<never> {
  const user = await requireUser();
  redirect(landingPath(user, { hasApps: user.isAdmin || (await userHasApps(await getPrisma(), user.id)) }));
}

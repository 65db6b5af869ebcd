import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/app/_components/card";
import { getSessionUser } from "@/app/_lib/session";
import { SignInForm } from "./sign-in-form";
import { SIGN_IN_LANDING_ROUTE } from "@/lib/auth/landing-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Same-site paths only (see actions.ts). None: the landing route picks /admin or /apps.
  const requested = callbackUrl && /^\/(?![/\\])/.test(callbackUrl) ? callbackUrl : null;
  const user = await getSessionUser();
  if (user) redirect(requested ?? SIGN_IN_LANDING_ROUTE);
  const target = requested ?? SIGN_IN_LANDING_ROUTE;
  return (
    <div className="auth-card">
      <Card headingLevel={1} title="Sign in to Keyport" description="No password: we email you a link that signs you in.">
        <SignInForm callbackUrl={target} />
      </Card>
    </div>
  );
}

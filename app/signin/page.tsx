import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/app/_components/card";
import { getSessionUser } from "@/app/_lib/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Same-site paths only (see actions.ts).
  const target = callbackUrl && /^\/(?![/\\])/.test(callbackUrl) ? callbackUrl : "/apps";
  if (await getSessionUser()) redirect(target);
  return (
    <div className="auth-card">
      <Card title="Sign in to Keyport" description="No password: we email you a link that signs you in.">
        <SignInForm callbackUrl={target} />
      </Card>
    </div>
  );
}

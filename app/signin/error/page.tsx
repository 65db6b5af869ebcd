import type { Metadata } from "next";
import { Card } from "@/app/_components/card";
import { ButtonLink } from "@/app/_components/button";
import { SIGN_IN_RATE_LIMITED, retryAfterParam, signInLimitedMessage } from "@/lib/auth/sign-in-limited";

export const metadata: Metadata = { title: "Sign-in problem" };

// Auth.js error codes (https://authjs.dev/reference/core/errors) mapped to what a person can do.
const MESSAGES: Record<string, { title: string; body: string }> = {
  Verification: {
    title: "This sign-in link has expired or was already used",
    body: "Sign-in links work once and only for an hour. Request a new one and use the most recent email.",
  },
  AccessDenied: {
    title: "This address may not sign in here",
    body: "This portal only admits certain addresses or domains. Use your work address or ask an administrator to allow yours.",
  },
  Configuration: {
    title: "Sign-in is not available right now",
    body: "The portal could not complete the sign-in. Please try again in a moment; if it keeps happening, tell an administrator.",
  },
};

const FALLBACK = { title: "We could not sign you in", body: "Something went wrong with that sign-in attempt. Please request a new link." };

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<{ error?: string; retryAfter?: string }> }) {
  const { error, retryAfter } = await searchParams;
  // A direct POST to /api/auth/signin/nodemailer refused by the sign-in limits lands here.
  const msg =
    error === SIGN_IN_RATE_LIMITED
      ? { title: "Please wait before requesting another link", body: signInLimitedMessage(retryAfterParam(retryAfter)) }
      : (error && MESSAGES[error]) || FALLBACK;
  return (
    <div className="auth-card">
      <Card headingLevel={1} title={msg.title}>
        <p>{msg.body}</p>
        <ButtonLink href="/signin">Request a new sign-in link</ButtonLink>
      </Card>
    </div>
  );
}

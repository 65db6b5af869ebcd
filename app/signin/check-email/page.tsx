import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { Card } from "@/app/_components/card";
import { getConfig } from "@/lib/config/env";
import { SIGN_IN_SENT_TO_COOKIE, readSentTo } from "@/lib/auth/sign-in-sent-to";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage() {
  const devOutbox = !getConfig().SMTP_URL;
  // Set by the sign-in form's action (lib/auth/sign-in-sent-to.ts); absent after a direct POST to Auth.js.
  const sentTo = readSentTo((await cookies()).get(SIGN_IN_SENT_TO_COOKIE)?.value);
  return (
    <div className="auth-card">
      <Card headingLevel={1} title="Check your email">
        {sentTo ? (
          <p>
            We sent a sign-in link to <strong data-testid="sent-to">{sentTo}</strong>. It works once and expires in an hour.
          </p>
        ) : (
          <p>We sent you a sign-in link. It works once and expires in an hour.</p>
        )}
        <p className="muted small">
          {sentTo ? "Wrong address, or nothing" : "Nothing"} arrived after a minute? Check your spam folder, or <Link href="/signin">request a new link</Link>.
        </p>
        {devOutbox ? (
          <p className="small">
            This Keyport has no mail server configured: open the <Link href="/dev/outbox">development outbox</Link> to read the message.
          </p>
        ) : null}
      </Card>
    </div>
  );
}

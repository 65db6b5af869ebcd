import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/card";
import { getConfig } from "@/lib/config/env";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  const devOutbox = !getConfig().SMTP_URL;
  return (
    <div className="auth-card">
      <Card title="Check your email">
        <p>We sent you a sign-in link. It works once and expires in an hour.</p>
        <p className="muted small">Nothing arrived after a minute? Check your spam folder, or <Link href="/signin">request a new link</Link>.</p>
        {devOutbox ? (
          <p className="small">
            This Keyport has no mail server configured: open the <Link href="/dev/outbox">development outbox</Link> to read the message.
          </p>
        ) : null}
      </Card>
    </div>
  );
}

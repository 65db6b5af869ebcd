import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { getConfig } from "@/lib/config/env";
import { getPrisma } from "@/lib/runtime";
import { getMailer } from "@/lib/mail";
import { listOutbox } from "@/lib/mail/list-outbox";
import { Notice } from "@/app/_components/notice";
import { StatusBadge } from "@/app/_components/status-badge";
import { EmptyState } from "@/app/_components/empty-state";
import { formatDateTime } from "@/app/_components/format";
import { outboxPreviewHtml } from "@/lib/mail/outbox-preview-html";

export const metadata: Metadata = { title: "Development outbox" };
export const dynamic = "force-dynamic";

// GET /dev/outbox — where mail goes when no SMTP_URL is configured, so `npm start` works with no
// mail server. With SMTP configured this page does not exist. It holds sign-in links (an admin's
// too), so in production it answers only requests from this machine: Keyport's server sets
// x-keyport-loopback from the socket address (server/main.ts), never from the client.
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (getConfig().SMTP_URL) notFound();
  if (process.env.NODE_ENV === "production" && (await headers()).get("x-keyport-loopback") !== "1") notFound();
  const { to } = await searchParams;
  const messages = await listOutbox(await getPrisma(), await getMailer(), { to: to?.slice(0, 320) });
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Development outbox</h1>
          <p>No mail server is configured (SMTP_URL), so Keyport keeps its emails here. Only this machine can read them (they include sign-in links): set SMTP_URL before real use.</p>
        </div>
      </div>
      <form className="inline-form" method="get">
        <div className="field">
          <label htmlFor="to" className="field-label">
            Recipient
          </label>
          <input id="to" name="to" type="email" className="input" defaultValue={to ?? ""} placeholder="you@company.com" />
        </div>
        <button type="submit" className="btn btn-secondary">
          Filter
        </button>
      </form>
      {messages.length === 0 ? (
        <EmptyState title="No messages yet">Sign in or register an application and its emails appear here.</EmptyState>
      ) : (
        messages.map((m) => (
          <article key={m.id} className="card" aria-labelledby={`m-${m.id}`}>
            <div className="row" style={{ justifyContent: "space-between" }}>
              <h2 id={`m-${m.id}`} className="card-title">
                {m.subject}
              </h2>
              <StatusBadge status={m.status} />
            </div>
            <p className="muted small">
              To {m.to} · {formatDateTime(m.createdAt)} · {m.kind}
            </p>
            {m.html ? (
              // As sent, sandboxed: no scripts, no same-origin access, no forms; links open in a new
              // tab (lib/mail/outbox-preview-html.ts).
              <iframe
                className="mail-frame"
                title={`Email: ${m.subject}`}
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                srcDoc={outboxPreviewHtml(m.html)}
                loading="lazy"
              />
            ) : null}
            {m.text ? (
              m.html ? (
                <details className="details">
                  <summary>Plain text</summary>
                  <pre className="mail-text mono">{linkify(m.text)}</pre>
                </details>
              ) : (
                <pre className="mail-text mono">{linkify(m.text)}</pre>
              )
            ) : null}
            {m.html || m.text ? null : <Notice tone="info">The body was removed after delivery.</Notice>}
          </article>
        ))
      )}
    </div>
  );
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

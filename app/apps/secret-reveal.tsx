import { CopyField, CodeBlock } from "@/app/_components/code-block";
import { Notice } from "@/app/_components/notice";
import { curlSnippet } from "./snippets";
import { formatDateTime } from "@/app/_components/format";

/** A freshly issued secret, shown once. */
export function SecretReveal({
  clientId,
  clientSecret,
  tokenEndpoint,
  scopes,
  mailStatus,
  expiresAt,
}: {
  clientId: string;
  clientSecret: string;
  tokenEndpoint: string;
  scopes: string[];
  mailStatus: string;
  /** When the secret expires (ISO), null when it does not. */
  expiresAt?: string | null;
}) {
  return (
    <div className="stack" data-testid="secret-reveal">
      <Notice tone="warn" title="Copy the secret now: you will not see it again">
        Keyport stores only a digest of it. Put it in your secret manager; if you lose it, rotate it.
      </Notice>
      <CopyField label="client_id" value={clientId} testId="client-id" />
      <CopyField label="client_secret" value={clientSecret} testId="client-secret" />
      {expiresAt !== undefined ? (
        <p className="small" data-testid="secret-expires">
          {expiresAt ? `This secret expires at ${formatDateTime(new Date(expiresAt))}: rotate it before then.` : "This secret does not expire."}
        </p>
      ) : null}
      <CodeBlock label="Get a token" code={curlSnippet({ tokenEndpoint, clientId, scopes, issuer: "" }, clientSecret)} copyLabel="Copy command" />
      <p className="small muted" data-testid="mail-status">
        {mailStatus === "sent"
          ? "We also emailed these credentials to you."
          : "The email with these credentials is queued: our mail server did not accept it yet. It will be retried; you can follow it on the application page."}
      </p>
    </div>
  );
}

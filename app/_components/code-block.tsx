import { CopyButton } from "./copy-button";

export function CodeBlock({ code, label, copyLabel = "Copy" }: { code: string; label?: string; copyLabel?: string }) {
  return (
    <div className="code-block">
      <div className="code-block-bar">
        {label ? <span className="code-block-label">{label}</span> : <span />}
        <CopyButton value={code} label={copyLabel} />
      </div>
      <pre tabIndex={0}>
        <code>{code}</code>
      </pre>
    </div>
  );
}

/** One secret or identifier with its copy button. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="copy-field">
      <span className="copy-field-label">{label}</span>
      <div className="copy-field-row">
        <code className="copy-field-value" data-testid={testId}>
          {value}
        </code>
        <CopyButton value={value} label={`Copy ${label}`} />
      </div>
    </div>
  );
}

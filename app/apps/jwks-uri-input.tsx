"use client";
// A jwks_uri with a "Fetch keys" preview: the server checks the URL against the jwks_uri rule,
// fetches it once (timeout, size cap, public addresses only) and shows the usable keys, saving
// nothing. Registration does not need the URL to answer yet; the preview says what Keyport sees.
import { useEffect, useState, useTransition } from "react";
import { previewJwksUriAction, type JwksPreviewState } from "./key-actions";
import { FieldError, fieldAria } from "@/app/_components/field";
import { Button } from "@/app/_components/button";
import { KeyTable } from "./key-table";
import { JWKS_URI_MAX_CHARS } from "@/lib/apps/client-auth-schemas";

export function JwksUriInput({ initial = "", errors }: { initial?: string; errors?: string[] }) {
  const [value, setValue] = useState(initial);
  const [preview, setPreview] = useState<JwksPreviewState | null>(null);
  const [previewOf, setPreviewOf] = useState<string | null>(null);
  const [checking, startChecking] = useTransition();
  useEffect(() => {
    if (errors) setPreviewOf(null);
  }, [errors]);

  function check() {
    const uri = value;
    startChecking(async () => {
      setPreview(await previewJwksUriAction(uri));
      setPreviewOf(uri);
    });
  }

  const current = preview && previewOf === value ? preview : null;
  const shownErrors = current ? (current.ok ? undefined : current.errors) : errors;
  return (
    <div className={`field${shownErrors?.length ? " field-invalid" : ""}`}>
      <label htmlFor="jwksUri" className="field-label">
        JWKS URL (jwks_uri)
      </label>
      <p id="jwksUri-hint" className="field-hint">
        An https:// URL on a public host serving your JSON Web Key Set (RFC 7517 §5), at most {JWKS_URI_MAX_CHARS} characters, without user name, password or #fragment. Keyport
        refetches it when an assertion names an unknown kid.
      </p>
      <input
        id="jwksUri"
        name="jwksUri"
        type="url"
        inputMode="url"
        className="input"
        maxLength={JWKS_URI_MAX_CHARS}
        autoComplete="off"
        placeholder="https://example.com/.well-known/jwks.json"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        {...fieldAria("jwksUri", shownErrors, true)}
      />
      <FieldError id="jwksUri" errors={shownErrors} />
      <div className="row">
        <Button variant="secondary" size="sm" onClick={check} disabled={checking || value.trim() === ""}>
          {checking ? "Fetching…" : "Fetch keys"}
        </Button>
      </div>
      {current?.ok ? (
        <div className="stack" role="status" aria-live="polite">
          <p className="small">
            {current.keys.length === 0
              ? "The JWKS has no usable signature key yet."
              : `${current.keys.length === 1 ? "1 usable key" : `${current.keys.length} usable keys`} at this URL:`}
            {current.skipped.length ? ` Skipped ${current.skipped.length}: ${current.skipped.join("; ")}.` : ""}
          </p>
          {current.keys.length ? <KeyTable caption="Keys at the jwks_uri" keys={current.keys} testId="jwks-preview" /> : null}
        </div>
      ) : null}
    </div>
  );
}

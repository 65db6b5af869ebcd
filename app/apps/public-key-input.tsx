"use client";
// A pasted public key (JWK, JWKS or PEM) with a "Check key" preview: the server parses it with the
// same rules it applies on submit (lib/client-keys), without saving anything, and the owner sees
// kid, alg, key type and RFC 7638 thumbprint of every key before registering it.
import { useEffect, useState, useTransition } from "react";
import { previewPublicKeysAction, type KeyPreviewState } from "./key-actions";
import { FieldError, fieldAria } from "@/app/_components/field";
import { Button } from "@/app/_components/button";
import { KeyTable } from "./key-table";
import { PUBLIC_KEYS_MAX_CHARS } from "@/lib/apps/client-auth-schemas";
import { RSA_ALGS, type RsaAlg } from "@/lib/client-keys/client-key-algs";

export function PublicKeyInput({ id = "publicKeys", name = "publicKeys", label = "Public key", errors }: { id?: string; name?: string; label?: string; errors?: string[] }) {
  const [value, setValue] = useState("");
  const [rsaAlg, setRsaAlg] = useState<RsaAlg>("RS256");
  const [preview, setPreview] = useState<KeyPreviewState | null>(null);
  // The preview belongs to the text it was made from: editing the text hides it.
  const [previewOf, setPreviewOf] = useState<string | null>(null);
  const previewKey = `${rsaAlg}\n${value}`;
  const [checking, startChecking] = useTransition();
  // A submit's answer (a new `errors` array) is newer than any preview: show it instead.
  useEffect(() => {
    if (errors) setPreviewOf(null);
  }, [errors]);

  function check() {
    const [text, alg, key] = [value, rsaAlg, previewKey];
    startChecking(async () => {
      const result = await previewPublicKeysAction(text, alg);
      setPreview(result);
      setPreviewOf(key);
    });
  }

  const current = preview && previewOf === previewKey ? preview : null;
  // A preview's verdict replaces the last submit's error for the same field.
  const shownErrors = current ? (current.ok ? undefined : current.errors) : errors;
  return (
    <div className={`field${shownErrors?.length ? " field-invalid" : ""}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <p id={`${id}-hint`} className="field-hint">
        Paste a public JWK, a JWKS (<code>{'{"keys": [...]}'}</code>) or a PEM public key (<code>-----BEGIN PUBLIC KEY-----</code>). RSA (2048 bits or more), EC P-256
        or Ed25519. Never paste a private key.
      </p>
      <textarea
        id={id}
        name={name}
        className="textarea textarea-code"
        rows={8}
        maxLength={PUBLIC_KEYS_MAX_CHARS}
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        {...fieldAria(id, shownErrors, true)}
      />
      <FieldError id={id} errors={shownErrors} />
      <div className="row">
        <label htmlFor={`${id}-rsaAlg`} className="small">
          RSA keys without an alg sign with
        </label>
        <select id={`${id}-rsaAlg`} name="rsaAlg" className="select select-inline" value={rsaAlg} onChange={(e) => setRsaAlg(e.target.value === "PS256" ? "PS256" : "RS256")}>
          {RSA_ALGS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <Button variant="secondary" size="sm" onClick={check} disabled={checking || value.trim() === ""}>
          {checking ? "Checking…" : "Check key"}
        </Button>
      </div>
      {current?.ok ? (
        <div className="stack" role="status" aria-live="polite">
          <p className="small">
            {current.keys.length === 1 ? "1 public key" : `${current.keys.length} public keys`} will be registered:
          </p>
          <KeyTable caption="Keys in the pasted text" keys={current.keys} testId="key-preview" />
        </div>
      ) : null}
    </div>
  );
}

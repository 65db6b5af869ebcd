"use client";
// How the new application will authenticate: a client secret (Keyport generates one) or a public
// key of the owner's (private_key_jwt, RFC 7523 §2.2) — pasted, or published at a jwks_uri.
import { useState } from "react";
import { FieldError } from "@/app/_components/field";
import type { FieldErrors } from "@/app/_components/field";
import { PublicKeyInput } from "../public-key-input";
import { JwksUriInput } from "../jwks-uri-input";

type Method = "client_secret" | "private_key_jwt";
type KeySource = "paste" | "jwks_uri";

export function AuthMethodFields({ errors }: { errors: FieldErrors }) {
  const [method, setMethod] = useState<Method>("client_secret");
  const [source, setSource] = useState<KeySource>("paste");
  return (
    <>
      <fieldset className="fieldset" aria-describedby={errors.authMethod ? "authMethod-error" : "authMethod-hint"}>
        <legend>How the application authenticates</legend>
        <p className="field-hint" id="authMethod-hint">
          You can use the same scopes either way. A public key means no shared secret exists that could leak.
        </p>
        <label className="choice">
          <input type="radio" name="authMethod" value="client_secret" checked={method === "client_secret"} onChange={() => setMethod("client_secret")} />
          <span className="choice-title">Client secret</span>
          <span className="choice-description">Keyport generates a secret, shows it once and emails it to you.</span>
        </label>
        <label className="choice">
          <input type="radio" name="authMethod" value="private_key_jwt" checked={method === "private_key_jwt"} onChange={() => setMethod("private_key_jwt")} />
          <span className="choice-title">Public key (private_key_jwt)</span>
          <span className="choice-description">
            Your application signs a short-lived JWT with its private key; Keyport keeps only the public key. No secret is generated.
          </span>
        </label>
        <FieldError id="authMethod" errors={errors.authMethod} />
      </fieldset>
      {method === "private_key_jwt" ? (
        <>
          <fieldset className="fieldset">
            <legend>Where Keyport finds your public keys</legend>
            <label className="choice">
              <input type="radio" name="keySource" value="paste" checked={source === "paste"} onChange={() => setSource("paste")} />
              <span className="choice-title">Paste a key</span>
              <span className="choice-description">Add and remove keys on the application&apos;s page later, to rotate.</span>
            </label>
            <label className="choice">
              <input type="radio" name="keySource" value="jwks_uri" checked={source === "jwks_uri"} onChange={() => setSource("jwks_uri")} />
              <span className="choice-title">A JWKS URL (jwks_uri)</span>
              <span className="choice-description">Keyport fetches your published keys and refetches when it sees a new kid.</span>
            </label>
          </fieldset>
          {source === "paste" ? (
            <PublicKeyInput errors={errors.publicKeys} />
          ) : (
            <JwksUriInput errors={errors.jwksUri} />
          )}
        </>
      ) : null}
    </>
  );
}

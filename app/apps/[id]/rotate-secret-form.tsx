"use client";
import { useState } from "react";
import { rotateSecretAction, type RotateState } from "../actions";
import { Notice } from "@/app/_components/notice";
import { FieldError } from "@/app/_components/field";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { FormContext } from "@/app/_components/form-context";
import { useActionForm } from "@/app/_components/use-action-form";
import { SecretReveal } from "../secret-reveal";

const OPTIONS = [
  { value: "now", label: "Immediately", hint: "Clients using it fail from now on" },
  { value: "1h", label: "In 1 hour", hint: "" },
  { value: "24h", label: "In 24 hours", hint: "" },
  { value: "7d", label: "In 7 days", hint: "" },
] as const;

export function RotateSecretForm({ appId, clientId, tokenEndpoint, scopes }: { appId: string; clientId: string; tokenEndpoint: string; scopes: string[] }) {
  const { state, pending, formProps } = useActionForm<RotateState>(rotateSecretAction, {}, { resetOnSuccess: false });
  const [grace, setGrace] = useState<string>("24h");
  return (
    <div className="stack">
      {state.rotated ? (
        <>
          <Notice tone="success" title="New secret issued">
            {state.rotated.oldSecretsExpireAt
              ? `The previous secret keeps working until ${state.rotated.oldSecretsExpireAt.replace("T", " ").slice(0, 16)} UTC.`
              : "The previous secret stopped working."}
          </Notice>
          <SecretReveal clientId={clientId} clientSecret={state.rotated.clientSecret} tokenEndpoint={tokenEndpoint} scopes={scopes} mailStatus={state.rotated.mailStatus} expiresAt={state.rotated.secretExpiresAt} />
        </>
      ) : null}
      <form {...formProps} className="inline-form" aria-label="Rotate secret">
        <FormContext.Provider value={{ pending }}>
          <input type="hidden" name="appId" value={appId} />
          {state.message && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
          <div className="field">
            <label htmlFor="grace" className="field-label">
              Current secret stops working
            </label>
            <select
              id="grace"
              name="grace"
              className="select"
              value={grace}
              onChange={(e) => setGrace(e.target.value)}
              aria-invalid={state.fieldErrors?.grace ? true : undefined}
              aria-describedby={state.fieldErrors?.grace ? "grace-error" : undefined}
            >
              {OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                  {o.hint ? ` — ${o.hint}` : ""}
                </option>
              ))}
            </select>
            <FieldError id="grace" errors={state.fieldErrors?.grace} />
          </div>
          {/* A rotation with a grace period breaks nothing; "Immediately" breaks every client still using the current secret. */}
          <ConfirmSubmit
            when={grace === "now"}
            variant="secondary"
            pendingLabel="Rotating…"
            title="Rotate the secret now?"
            confirmLabel="Rotate now"
            consequence={
              <p>
                The current secret stops working at once: every client still using it gets <code>invalid_client</code> at the token endpoint until it is
                given the new secret. Tokens already issued keep working until they expire.
              </p>
            }
          >
            Rotate secret
          </ConfirmSubmit>
        </FormContext.Provider>
      </form>
    </div>
  );
}

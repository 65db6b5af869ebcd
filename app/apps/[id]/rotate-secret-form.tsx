"use client";
import { useActionState } from "react";
import { rotateSecretAction, type RotateState } from "../actions";
import { SubmitButton } from "@/app/_components/submit-button";
import { Notice } from "@/app/_components/notice";
import { FieldError } from "@/app/_components/field";
import { SecretReveal } from "../secret-reveal";

const OPTIONS = [
  { value: "now", label: "Immediately", hint: "Clients using it fail from now on" },
  { value: "1h", label: "In 1 hour", hint: "" },
  { value: "24h", label: "In 24 hours", hint: "" },
  { value: "7d", label: "In 7 days", hint: "" },
] as const;

export function RotateSecretForm({ appId, clientId, tokenEndpoint, scopes }: { appId: string; clientId: string; tokenEndpoint: string; scopes: string[] }) {
  const [state, action] = useActionState<RotateState, FormData>(rotateSecretAction, {});
  return (
    <div className="stack">
      {state.rotated ? (
        <>
          <Notice tone="success" title="New secret issued">
            {state.rotated.oldSecretsExpireAt
              ? `The previous secret keeps working until ${state.rotated.oldSecretsExpireAt.replace("T", " ").slice(0, 16)} UTC.`
              : "The previous secret stopped working."}
          </Notice>
          <SecretReveal clientId={clientId} clientSecret={state.rotated.clientSecret} tokenEndpoint={tokenEndpoint} scopes={scopes} mailStatus={state.rotated.mailStatus} />
        </>
      ) : null}
      <form action={action} className="inline-form">
        <input type="hidden" name="appId" value={appId} />
        {state.message && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
        <div className="field">
          <label htmlFor="grace" className="field-label">
            Current secret stops working
          </label>
          <select id="grace" name="grace" className="select" defaultValue="24h" aria-describedby={state.fieldErrors?.grace ? "grace-error" : undefined}>
            {OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
                {o.hint ? ` — ${o.hint}` : ""}
              </option>
            ))}
          </select>
          <FieldError id="grace" errors={state.fieldErrors?.grace} />
        </div>
        <SubmitButton variant="secondary" pendingLabel="Rotating…">
          Rotate secret
        </SubmitButton>
      </form>
    </div>
  );
}

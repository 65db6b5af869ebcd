"use client";
import { useActionState } from "react";
import { revokeSecretAction } from "../actions";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FormState } from "@/app/_lib/form-state";

export function RevokeSecretButton({ appId, secretId, hint }: { appId: string; secretId: string; hint: string }) {
  const [state, action] = useActionState<FormState, FormData>(revokeSecretAction, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Revoke the secret ending in ${hint}? Clients using it will fail immediately.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="appId" value={appId} />
      <input type="hidden" name="secretId" value={secretId} />
      <SubmitButton variant="danger" size="sm" pendingLabel="Revoking…">
        <span>
          Revoke<span className="sr-only"> secret ending in {hint}</span>
        </span>
      </SubmitButton>
      {state.message && !state.ok ? (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

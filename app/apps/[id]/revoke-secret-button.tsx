"use client";
import { revokeSecretAction } from "../actions";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { FormContext } from "@/app/_components/form-context";
import { useActionForm } from "@/app/_components/use-action-form";
import type { FormState } from "@/app/_lib/form-state";

export function RevokeSecretButton({ appId, secretId, hint }: { appId: string; secretId: string; hint: string }) {
  const { state, pending, formProps } = useActionForm<FormState>(revokeSecretAction, {});
  return (
    <form {...formProps}>
      <FormContext.Provider value={{ pending }}>
        <input type="hidden" name="appId" value={appId} />
        <input type="hidden" name="secretId" value={secretId} />
        <ConfirmSubmit
          size="sm"
          pendingLabel="Revoking…"
          title={`Revoke the secret ending in ${hint}?`}
          confirmLabel="Revoke secret"
          consequence={<p>Clients using it fail immediately with invalid_client. This cannot be undone.</p>}
        >
          <span>
            Revoke<span className="sr-only"> secret ending in {hint}</span>
          </span>
        </ConfirmSubmit>
        {state.message ? (
          <p className={state.ok ? "small" : "field-error"} role={state.ok ? "status" : "alert"}>
            {state.message}
          </p>
        ) : null}
      </FormContext.Provider>
    </form>
  );
}

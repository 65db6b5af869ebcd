"use client";
import { removeClientKeyAction } from "../key-actions";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { FormContext } from "@/app/_components/form-context";
import { useActionForm } from "@/app/_components/use-action-form";
import type { FormState } from "@/app/_lib/form-state";

export function RemoveKeyButton({ appId, keyId, label, isLast }: { appId: string; keyId: string; label: string; isLast: boolean }) {
  const { state, pending, formProps } = useActionForm<FormState>(removeClientKeyAction, {});
  return (
    <form {...formProps}>
      <FormContext.Provider value={{ pending }}>
        <input type="hidden" name="appId" value={appId} />
        <input type="hidden" name="keyId" value={keyId} />
        <ConfirmSubmit
          size="sm"
          pendingLabel="Removing…"
          title={`Remove key ${label}?`}
          confirmLabel="Remove key"
          consequence={
            <p>
              {isLast
                ? "It is the only key: the application cannot get tokens until you add another."
                : "Clients signing their assertions with it fail with invalid_client from now on."}
            </p>
          }
        >
          <span>
            Remove<span className="sr-only"> key {label}</span>
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

"use client";
import { useState } from "react";
import { deleteAppAction } from "../actions";
import { Field, TextInput } from "@/app/_components/field";
import { Notice } from "@/app/_components/notice";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { FormContext } from "@/app/_components/form-context";
import { useActionForm } from "@/app/_components/use-action-form";
import type { FormState } from "@/app/_lib/form-state";

// Two steps: type the exact name, then confirm in a dialog that says what breaks.
export function DeleteAppForm({ appId, name }: { appId: string; name: string }) {
  const { state, pending, formProps } = useActionForm<FormState>(deleteAppAction, {}, { resetOnSuccess: false });
  const [typed, setTyped] = useState("");
  return (
    <form {...formProps} className="form" aria-label="Delete application">
      <FormContext.Provider value={{ pending }}>
        <input type="hidden" name="appId" value={appId} />
        {state.message && !state.fieldErrors?.confirmName ? <Notice tone="error">{state.message}</Notice> : null}
        <Field
          id="confirmName"
          label={
            <>
              Type <strong>{name}</strong> to confirm
            </>
          }
          errors={state.fieldErrors?.confirmName}
        >
          <TextInput id="confirmName" name="confirmName" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} errors={state.fieldErrors?.confirmName} />
        </Field>
        <div>
          <ConfirmSubmit
            pendingLabel="Deleting…"
            disabled={typed.trim() !== name}
            title={`Delete ${name}?`}
            confirmLabel="Delete application"
            consequence={
              <p>
                Every secret and key of the application stops working at once: its clients get <code>invalid_client</code>, and the tokens it was issued
                introspect as inactive. This cannot be undone.
              </p>
            }
          >
            Delete application
          </ConfirmSubmit>
        </div>
      </FormContext.Provider>
    </form>
  );
}

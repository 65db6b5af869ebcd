"use client";
import { useActionState, useState } from "react";
import { deleteAppAction } from "../actions";
import { SubmitButton } from "@/app/_components/submit-button";
import { Field, TextInput } from "@/app/_components/field";
import { Notice } from "@/app/_components/notice";
import type { FormState } from "@/app/_lib/form-state";

export function DeleteAppForm({ appId, name }: { appId: string; name: string }) {
  const [state, action] = useActionState<FormState, FormData>(deleteAppAction, {});
  const [typed, setTyped] = useState("");
  return (
    <form action={action} className="form">
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
        <SubmitButton variant="danger" pendingLabel="Deleting…" disabled={typed.trim() !== name}>
          Delete application
        </SubmitButton>
      </div>
    </form>
  );
}

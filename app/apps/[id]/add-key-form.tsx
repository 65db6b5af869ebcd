"use client";
import { useActionState } from "react";
import { addClientKeyAction, type AddKeyState } from "../key-actions";
import { SubmitButton } from "@/app/_components/submit-button";
import { useKeepValuesSubmit } from "../use-keep-values-submit";
import { Notice } from "@/app/_components/notice";
import { PublicKeyInput } from "../public-key-input";

/** Add public keys (rotation: add the new key, deploy, then remove the old one). */
export function AddKeyForm({ appId }: { appId: string }) {
  const [state, action, pending] = useActionState<AddKeyState, FormData>(addClientKeyAction, {});
  const onSubmit = useKeepValuesSubmit(action, pending, state);
  return (
    <form action={action} onSubmit={onSubmit} className="form" noValidate>
      <input type="hidden" name="appId" value={appId} />
      {state.ok && state.message ? <Notice tone="success">{state.message}</Notice> : null}
      {state.message && !state.ok && !state.fieldErrors?.publicKeys ? <Notice tone="error">{state.message}</Notice> : null}
      {/* A new input (empty, no stale preview) after each key added. */}
      <PublicKeyInput key={state.added ?? "initial"} id="newKey" name="publicKeys" label="New public key" errors={state.fieldErrors?.publicKeys} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingLabel="Adding…">Add key</SubmitButton>
      </div>
    </form>
  );
}

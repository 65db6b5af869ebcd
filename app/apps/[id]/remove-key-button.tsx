"use client";
import { useActionState, type FormEvent } from "react";
import { removeClientKeyAction } from "../key-actions";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FormState } from "@/app/_lib/form-state";

export function RemoveKeyButton({ appId, keyId, label, isLast }: { appId: string; keyId: string; label: string; isLast: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(removeClientKeyAction, {});
  function confirmRemoval(e: FormEvent<HTMLFormElement>) {
    const warning = isLast ? " It is the only key: the application cannot get tokens until you add another." : " Clients signing with it fail from now on.";
    if (!window.confirm(`Remove key ${label}?${warning}`)) e.preventDefault();
  }
  return (
    <form action={action} onSubmit={confirmRemoval}>
      <input type="hidden" name="appId" value={appId} />
      <input type="hidden" name="keyId" value={keyId} />
      <SubmitButton variant="danger" size="sm" pendingLabel="Removing…">
        <span>
          Remove<span className="sr-only"> key {label}</span>
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

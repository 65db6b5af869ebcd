"use client";
// A form bound to a team server action: its outcome (success, or a readable error with the field
// messages) appears above the controls.
import { useActionState, type ReactNode } from "react";
import { Notice } from "@/app/_components/notice";
import type { FormState } from "@/app/_lib/form-state";

export function TeamActionForm({
  action,
  children,
  className = "stack",
  label,
  confirm,
}: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  children: ReactNode;
  className?: string;
  /** Accessible name of the form. */
  label: string;
  /** Asked before submitting (an action that takes someone's access away). */
  confirm?: string;
}) {
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  const fieldMessages = Object.values(state.fieldErrors ?? {}).flatMap((m) => m ?? []);
  return (
    <form
      action={formAction}
      className={className}
      aria-label={label}
      onSubmit={confirm ? (e) => (window.confirm(confirm) ? undefined : e.preventDefault()) : undefined}
    >
      {state.message ? (
        <Notice tone={state.ok ? "success" : "error"}>
          {state.message}
          {fieldMessages.length && !state.ok ? (
            <ul>
              {fieldMessages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      {children}
    </form>
  );
}

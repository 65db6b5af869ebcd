"use client";
// A form bound to an admin server action: shows the action's outcome (success or a readable
// error with the field messages) right above the controls.
import { useActionState, type ReactNode } from "react";
import { Notice } from "@/app/_components/notice";
import type { FormState } from "@/app/_lib/form-state";

export function AdminForm({
  action,
  children,
  className = "action-form",
  label,
}: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  children: ReactNode;
  className?: string;
  /** Accessible name of the form. */
  label?: string;
}) {
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  const fieldMessages = Object.entries(state.fieldErrors ?? {}).flatMap(([, messages]) => messages ?? []);
  return (
    <form action={formAction} className={className} aria-label={label}>
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

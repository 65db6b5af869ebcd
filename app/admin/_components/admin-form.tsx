"use client";
// A form bound to an admin server action: shows the action's outcome (success or a readable
// error) right above the controls, keeps what the admin entered when the action refuses it, puts
// each field's message beside its control (<FormFieldError name=…/>), and disables its submit
// buttons while the action runs (app/_components/use-action-form.ts).
import { useCallback, useState, type ReactNode } from "react";
import { Notice } from "@/app/_components/notice";
import { FormContext } from "@/app/_components/form-context";
import { useActionForm } from "@/app/_components/use-action-form";
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
  const { state, pending, formProps } = useActionForm<FormState>(action, {});
  // Fields whose message shows beside the control; the others are listed under the summary.
  const [inline, setInline] = useState<readonly string[]>([]);
  const registerInline = useCallback((name: string) => {
    setInline((names) => (names.includes(name) ? names : [...names, name]));
    return () => setInline((names) => names.filter((n) => n !== name));
  }, []);
  const fieldErrors = state.ok ? undefined : state.fieldErrors;
  const elsewhere = Object.entries(fieldErrors ?? {}).flatMap(([name, messages]) => (inline.includes(name) ? [] : (messages ?? [])));
  return (
    <form {...formProps} className={className} aria-label={label} aria-busy={pending || undefined}>
      {state.message ? (
        <Notice tone={state.ok ? "success" : "error"}>
          {state.message}
          {elsewhere.length ? (
            <ul>
              {elsewhere.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <FormContext.Provider value={{ pending, fieldErrors, registerInline }}>{children}</FormContext.Provider>
    </form>
  );
}

"use client";
// What a form bound to a server action knows while it runs and after it answered: whether the
// action is pending (forms that dispatch from onSubmit are invisible to useFormStatus) and the
// field errors of its last answer, so a message can sit beside its control.
import { createContext, useContext, useEffect } from "react";
import { FieldError } from "./field";

export interface FormContextValue {
  pending: boolean;
  fieldErrors?: Record<string, string[] | undefined>;
  /** A FormFieldError says its field's message is shown inline (so the form's summary skips it). */
  registerInline?: (name: string) => () => void;
}

export const FormContext = createContext<FormContextValue>({ pending: false });

export function useFormContext(): FormContextValue {
  return useContext(FormContext);
}

/**
 * The error message of one field, beside it (id `<id>-error`, which the form's control gets in
 * aria-describedby together with aria-invalid; see useActionForm).
 */
export function FormFieldError({ name, id = name }: { name: string; id?: string }) {
  const { fieldErrors, registerInline } = useFormContext();
  useEffect(() => registerInline?.(name), [registerInline, name]);
  return <FieldError id={id} errors={fieldErrors?.[name]} />;
}

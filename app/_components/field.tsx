import type { InputHTMLAttributes, ReactNode } from "react";

/** Field errors as returned by form actions: field name → messages. */
export type FieldErrors = Record<string, string[] | undefined>;

/** A labelled control with hint and error text, wired with aria-describedby / aria-invalid. */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  /** The control; receives no props from here: use `fieldAria(id, errors, hint)`. */
  children: ReactNode;
}) {
  return (
    <div className={`field${errors?.length ? " field-invalid" : ""}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={id} errors={errors} />
    </div>
  );
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={`${id}-error`} className="field-error" role="alert">
      {errors.join(" ")}
    </p>
  );
}

/** ARIA attributes linking a control to its hint and error. */
export function fieldAria(id: string, errors?: string[], hint?: boolean): Record<string, string | boolean | undefined> {
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return { "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describedBy || undefined };
}

export function TextInput({
  id,
  errors,
  hasHint,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { id: string; errors?: string[]; hasHint?: boolean }) {
  return <input id={id} className="input" {...fieldAria(id, errors, hasHint)} {...props} />;
}

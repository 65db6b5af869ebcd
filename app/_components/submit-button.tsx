"use client";
// A submit button that shows the form is working and cannot be double-submitted.
import { useFormStatus } from "react-dom";
import type { ReactNode } from "react";
import { buttonClass, type ButtonVariant } from "./button";
import { useFormContext } from "./form-context";

export function SubmitButton({
  children,
  pendingLabel,
  variant = "primary",
  size = "md",
  disabled,
  pending: dispatched,
}: {
  children: ReactNode;
  pendingLabel?: string;
  variant?: ButtonVariant;
  size?: "md" | "sm";
  disabled?: boolean;
  /** For forms that dispatch their action from onSubmit (useFormStatus does not see those). */
  pending?: boolean;
}) {
  const status = useFormStatus();
  // An ActionForm/AdminForm dispatches from onSubmit: its context says when it is pending.
  const form = useFormContext();
  const pending = status.pending || Boolean(dispatched) || form.pending;
  return (
    <button type="submit" className={buttonClass(variant, size)} disabled={pending || disabled} aria-disabled={pending || disabled}>
      {pending ? (pendingLabel ?? "Working…") : children}
    </button>
  );
}

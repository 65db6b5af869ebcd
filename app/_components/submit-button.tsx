"use client";
// A submit button that shows the form is working and cannot be double-submitted.
import { useFormStatus } from "react-dom";
import type { ReactNode } from "react";
import { buttonClass, type ButtonVariant } from "./button";

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
  const pending = status.pending || Boolean(dispatched);
  return (
    <button type="submit" className={buttonClass(variant, size)} disabled={pending || disabled} aria-disabled={pending || disabled}>
      {pending ? (pendingLabel ?? "Working…") : children}
    </button>
  );
}
